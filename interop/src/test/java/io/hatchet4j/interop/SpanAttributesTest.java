package io.hatchet4j.interop;

import static io.hatchet4j.interop.Peer.command;
import static io.hatchet4j.interop.Spans.attr;
import static io.hatchet4j.interop.Spans.lang;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hatchet4j.BulkEvent;
import io.hatchet4j.BulkRun;
import io.hatchet4j.Hatchet;
import io.hatchet4j.PushOptions;
import io.hatchet4j.RunRef;
import io.hatchet4j.TriggerOptions;
import io.hatchet4j.interop.OtlpReceiver.ReceivedSpan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scenario 4: for each span the instrumentors make, the same operation in Java, Python and
 * TypeScript, and a comparison of the attributes: wherever Python and TypeScript agree on a key and
 * its type, Java must write it with that type too; every other difference must be listed, with its
 * reason, in the attribute table of {@code interop/README.md}.
 */
class SpanAttributesTest {
  @RegisterExtension static final InteropSetup setup = InteropSetup.create("interop_attrs_", true);

  private static final String PUSH_KEY = "interop:attributes";
  private static final Pattern README_ROW =
      Pattern.compile("^\\| `([a-z_.]+)` \\| `([a-z_.]+)` \\| ([a-z—]+) \\| ([a-z—]+) \\| ([a-z—]+) \\|(.*\\S.*)\\|$");

  /** A span name, and how to make one such span in a language and find it among the forwarded ones. */
  enum Operation {
    START_STEP_RUN("hatchet.start_step_run"),
    CANCEL_STEP_RUN("hatchet.cancel_step_run"),
    RUN_WORKFLOW("hatchet.run_workflow"),
    RUN_WORKFLOWS("hatchet.run_workflows"),
    SCHEDULE_WORKFLOW("hatchet.schedule_workflow"),
    PUSH_EVENT("hatchet.push_event"),
    BULK_PUSH_EVENT("hatchet.bulk_push_event"),
    DURABLE_WAIT_FOR("hatchet.durable.wait_for");

    final String span;

    Operation(String span) {
      this.span = span;
    }

    @Override
    public String toString() {
      return span;
    }
  }

  static Stream<Arguments> operations() {
    return Stream.of(Operation.values()).map(op -> Arguments.of(Named.of("Java↔TypeScript↔Python | " + op, op)));
  }

  @Scenario(value = "4. Span attributes: Java matches Python and TypeScript where they agree",
      pairs = "Java↔TypeScript↔Python")
  @ParameterizedTest(name = "{0}")
  @MethodSource("operations")
  void javaWritesWhatPythonAndTypeScriptAgreeOn(Operation operation) throws IOException {
    Map<Lang, Map<String, String>> types = new EnumMap<>(Lang.class);
    for (Lang lang : Lang.values()) {
      ReceivedSpan span = produce(operation, lang);
      assertThat(lang(span)).contains(lang);
      types.put(lang, Spans.types(span));
    }

    List<String> differences = new ArrayList<>();
    List<String> mismatches = new ArrayList<>();
    TreeSet<String> keys = new TreeSet<>();
    types.values().forEach(m -> keys.addAll(m.keySet()));
    for (String key : keys) {
      String java = types.get(Lang.JAVA).get(key);
      String python = types.get(Lang.PYTHON).get(key);
      String typescript = types.get(Lang.TYPESCRIPT).get(key);
      String row = "| `" + operation.span + "` | `" + key + "` | " + dash(java) + " | " + dash(python) + " | "
          + dash(typescript) + " |";
      if (python != null && python.equals(typescript) && !python.equals(java)) {
        mismatches.add(row);
      }
      if (!(java != null && java.equals(python) && java.equals(typescript))) {
        differences.add(row);
      }
    }
    record(operation, types, differences);

    Map<String, String> documented = documentedDifferences();
    assertThat(differences).as("every attribute difference is listed in interop/README.md")
        .allSatisfy(d -> assertThat(documented).containsKey(d));
    assertThat(mismatches).as("keys where Python and TypeScript agree and Java does not, unless deliberate")
        .allSatisfy(d -> assertThat(documented.get(d)).startsWith("**deliberate**"));
  }

  /** Makes one span of {@code operation} in {@code lang}, and returns it as the engine forwarded it. */
  private static ReceivedSpan produce(Operation operation, Lang lang) {
    String marker = UUID.randomUUID().toString();
    Map<String, String> metadata = Map.of("case", marker);
    Map<String, Object> input = Map.of("message", marker);
    Predicate<ReceivedSpan> mine = s -> s.name().equals(operation.span) && lang(s).orElse(null) == lang;
    // Operations run one at a time and each makes one such span: the first one forwarded after the
    // operation began is it (bulk spans carry no payload to recognise them by in every language).
    List<ReceivedSpan> before = setup.engine().receiver().spans();
    Predicate<ReceivedSpan> isNew = s -> !before.contains(s);
    Hatchet java = setup.java();
    switch (operation) {
      case START_STEP_RUN -> {
        RunRef<JsonNode> ref = java.runNoWait(InteropSetup.workflow(lang, "echo"), json(input), options(metadata));
        ref.await(Duration.ofSeconds(60));
        return find(operation, lang, mine.and(s -> ref.runId().equals(attr(s, "hatchet.workflow_run_id"))));
      }
      case CANCEL_STEP_RUN -> {
        RunRef<JsonNode> ref = java.runNoWait(InteropSetup.workflow(lang, "slow"), json(input), options(metadata));
        String taskRunId = Await.until(lang + " slow task running", () -> setup.engine().run(ref.runId())
            .filter(r -> r.status().equals("RUNNING")).map(r -> r.tasks().get(0).id()));
        if (lang != Lang.JAVA) { // running in the peer's handler, not only assigned
          setup.peer(lang).awaitEvent(e -> e.path("event").asText().equals("started")
              && e.path("taskRunId").asText().equals(taskRunId), Await.DEFAULT);
        }
        java.cancel(ref.runId());
        return find(operation, lang, mine.and(s -> taskRunId.equals(attr(s, "hatchet.step_run_id"))));
      }
      case RUN_WORKFLOW -> {
        if (lang == Lang.JAVA) {
          java.runNoWait(JavaWorkflows.ECHO, json(input), options(metadata)).await(Duration.ofSeconds(60));
        } else {
          setup.peer(lang).callOk(command("run", "workflow", "java-echo", "input", input, "metadata", metadata));
        }
      }
      case RUN_WORKFLOWS -> {
        if (lang == Lang.JAVA) {
          java.runMany(JavaWorkflows.ECHO, List.of(BulkRun.of(json(input), options(metadata)),
              BulkRun.of(json(input), options(metadata))));
        } else {
          setup.peer(lang).callOk(command("bulk", "workflow", "java-echo", "inputs", List.of(input, input),
              "metadata", metadata));
        }
      }
      case SCHEDULE_WORKFLOW -> {
        if (lang == Lang.JAVA) {
          java.schedule(JavaWorkflows.ECHO, Instant.now().plusSeconds(2), json(input), options(metadata));
        } else {
          setup.peer(lang).callOk(command("schedule", "workflow", "java-echo", "delayMs", 2000, "input", input,
              "metadata", metadata));
        }
      }
      case PUSH_EVENT -> {
        if (lang == Lang.JAVA) {
          PushOptions.Builder push = PushOptions.builder();
          metadata.forEach(push::putAdditionalMetadata);
          java.push(PUSH_KEY, input, push.build());
        } else {
          setup.peer(lang).callOk(command("push", "key", PUSH_KEY, "payload", input, "metadata", metadata));
        }
      }
      case BULK_PUSH_EVENT -> {
        if (lang == Lang.JAVA) {
          PushOptions.Builder push = PushOptions.builder();
          metadata.forEach(push::putAdditionalMetadata);
          java.bulkPush(List.of(new BulkEvent(PUSH_KEY, input, push.build()), new BulkEvent(PUSH_KEY, input,
              push.build())));
        } else {
          Map<String, Object> event = Map.of("key", PUSH_KEY, "payload", input, "metadata", metadata);
          setup.peer(lang).callOk(command("bulkPush", "events", List.of(event, event)));
        }
      }
      case DURABLE_WAIT_FOR -> {
        String key = "interop:attributes:" + marker;
        RunRef<JsonNode> ref = java.runNoWait(InteropSetup.workflow(lang, "durable"), json(Map.of("key", key)),
            options(metadata));
        setup.pushUntilDone(ref, () -> java.push(key, input));
      }
      default -> throw new IllegalArgumentException(operation.name());
    }
    return find(operation, lang, mine.and(isNew));
  }

  private static ReceivedSpan find(Operation operation, Lang lang, Predicate<ReceivedSpan> matching) {
    return Spans.await(setup.engine(), lang + "'s " + operation.span + " span", matching);
  }

  private static TriggerOptions options(Map<String, String> metadata) {
    return TriggerOptions.builder().putAllAdditionalMetadata(metadata).build();
  }

  private static JsonNode json(Object value) {
    return InteropEngine.JSON.valueToTree(value);
  }

  private static String dash(String type) {
    return type == null ? "—" : type;
  }

  /** The rows of the README's attribute table (without the reason column) and their reasons. */
  private static Map<String, String> documentedDifferences() throws IOException {
    Map<String, String> rows = new HashMap<>();
    for (String line : Files.readAllLines(Peers.interopDir().resolve("README.md"), StandardCharsets.UTF_8)) {
      Matcher m = README_ROW.matcher(line.trim());
      if (m.matches()) {
        rows.put("| `" + m.group(1) + "` | `" + m.group(2) + "` | " + m.group(3) + " | " + m.group(4) + " | "
            + m.group(5) + " |", m.group(6).trim());
      }
    }
    return rows;
  }

  /** Appends what each language wrote to {@code target/interop-attributes.md}, for the README. */
  private static synchronized void record(Operation operation, Map<Lang, Map<String, String>> types,
      List<String> differences) throws IOException {
    Path file = Peers.logDir().resolve("attributes.md");
    Files.createDirectories(file.getParent());
    StringBuilder out = new StringBuilder("\n## " + operation.span + "\n\n");
    types.forEach((lang, map) -> out.append("- ").append(lang).append(": ").append(map).append('\n'));
    out.append("\n| span | key | Java | Python | TypeScript | reason |\n| --- | --- | --- | --- | --- | --- |\n");
    differences.forEach(d -> out.append(d).append(" |\n"));
    Files.writeString(file, out, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }
}
