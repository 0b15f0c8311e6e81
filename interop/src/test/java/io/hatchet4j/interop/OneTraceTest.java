package io.hatchet4j.interop;

import static io.hatchet4j.interop.Peer.command;
import static io.hatchet4j.interop.Spans.attr;
import static io.hatchet4j.interop.Spans.id;
import static io.hatchet4j.interop.Spans.kind;
import static io.hatchet4j.interop.Spans.lang;
import static io.hatchet4j.interop.Spans.parentId;
import static io.hatchet4j.interop.Spans.traceId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hatchet4j.RunRef;
import io.hatchet4j.TriggerOptions;
import io.hatchet4j.interop.OtlpReceiver.ReceivedSpan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scenario 3: with every side's instrumentor on, a trigger in one language and the task in another
 * form one trace, the consumer span a child of the producer span, for every ordered pair and across
 * all three languages; custom spans carry the task's hatchet.* attributes; the engine files it all.
 */
class OneTraceTest {
  @RegisterExtension static final InteropSetup setup = InteropSetup.create("interop_trace_", true);

  static Stream<Arguments> orderedPairs() {
    List<Arguments> pairs = new ArrayList<>();
    for (Lang from : Lang.values()) {
      for (Lang to : Lang.values()) {
        if (from != to) {
          pairs.add(Arguments.of(Named.of(Lang.display(from, to), from), to));
        }
      }
    }
    return pairs.stream();
  }

  static Stream<Arguments> chains() {
    return Stream.of(
        List.of(Lang.PYTHON, Lang.JAVA, Lang.TYPESCRIPT),
        List.of(Lang.TYPESCRIPT, Lang.PYTHON, Lang.JAVA),
        List.of(Lang.JAVA, Lang.TYPESCRIPT, Lang.PYTHON))
        .map(chain -> Arguments.of(Named.of("Java↔TypeScript↔Python | " + chain.stream().map(Lang::toString)
            .collect(Collectors.joining(" → ")), chain)));
  }

  @Scenario(value = "3a. One trace: trigger in one language, task in another (producer → consumer)",
      pairs = {"Java↔TypeScript", "Java↔Python", "TypeScript↔Python"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("orderedPairs")
  void triggerAndTaskFormOneTrace(Lang from, Lang to) {
    String runId = trigger(from, to.workflow("echo"), Map.of("message", "traced"));

    ReceivedSpan consumer = consumerOf(runId, to);
    ReceivedSpan producer = Spans.await(setup.engine(), "the producer span of " + runId,
        s -> id(s).equals(parentId(consumer)));
    assertThat(producer.name()).isEqualTo("hatchet.run_workflow");
    assertThat(kind(producer)).isEqualTo("PRODUCER");
    assertThat(lang(producer)).contains(from);
    assertThat(traceId(consumer)).isEqualTo(traceId(producer));

    ReceivedSpan custom = customSpanOf(consumer, to, ".custom");
    Spans.awaitFiled(setup.engine(), runId, Set.of(id(producer), id(consumer), id(custom)));
  }

  @Scenario(value = "3b. One trace across three languages: trigger → task → child task",
      pairs = "Java↔TypeScript↔Python")
  @ParameterizedTest(name = "{0}")
  @MethodSource("chains")
  void threeLanguagesFormOneTrace(List<Lang> chain) {
    String runId = trigger(chain.get(0), chain.get(1).workflow("relay"),
        Map.of("target", chain.get(2).workflow("echo"), "input", Map.of("message", "three languages")));

    List<ReceivedSpan> all = chainSpans(chain, runId);

    assertThat(all.stream().map(Spans::traceId).distinct()).hasSize(1);
    assertThat(all.stream().map(s -> lang(s).orElseThrow()).distinct()).hasSize(3);
    JsonNode trace = Spans.awaitFiled(setup.engine(), runId, all.stream().map(Spans::id).collect(Collectors.toSet()));
    // The engine's own spans join the same trace, for the run and for its child.
    assertThat(trace.path("rows").findValuesAsText("spanName")).contains("hatchet.engine.workflow_run");
  }

  /**
   * The spans of a chain client → relay task → leaf task: the client's trigger, the relay's task span,
   * its own span and its child trigger, the leaf's task span and its own span, each the child of the
   * one before (the relay's own span and child trigger both under its task span).
   */
  static List<ReceivedSpan> chainSpans(List<Lang> chain, String runId) {
    Lang client = chain.get(0);
    Lang relay = chain.get(1);
    Lang leaf = chain.get(2);
    ReceivedSpan relayTask = consumerOf(runId, relay);
    ReceivedSpan trigger = Spans.await(setup.engine(), "the client's producer span",
        s -> id(s).equals(parentId(relayTask)));
    assertThat(lang(trigger)).contains(client);
    ReceivedSpan relaySpan = customSpanOf(relayTask, relay, ".relay");
    ReceivedSpan childTrigger = Spans.await(setup.engine(), "the relay's child trigger",
        s -> s.name().equals("hatchet.run_workflow") && parentId(s).equals(id(relayTask)));
    assertThat(lang(childTrigger)).contains(relay);
    ReceivedSpan leafTask = Spans.await(setup.engine(), "the leaf task's span",
        s -> s.name().equals("hatchet.start_step_run") && parentId(s).equals(id(childTrigger)));
    assertThat(lang(leafTask)).contains(leaf);
    ReceivedSpan leafSpan = customSpanOf(leafTask, leaf, ".custom");
    return List.of(trigger, relayTask, relaySpan, childTrigger, leafTask, leafSpan);
  }

  @Scenario(value = "3d. The engine's trace viewer shows one run's trace from three languages (screenshot)",
      pairs = "Java↔TypeScript↔Python")
  @ParameterizedTest(name = "{0}")
  @MethodSource("viewerChain")
  void viewerShowsAThreeLanguageTrace(List<Lang> chain) throws Exception {
    String runId = trigger(chain.get(0), chain.get(1).workflow("relay"),
        Map.of("target", chain.get(2).workflow("echo"), "input", Map.of("message", "shown in the viewer")));
    List<ReceivedSpan> all = chainSpans(chain, runId);
    Spans.awaitFiled(setup.engine(), runId, all.stream().map(Spans::id).collect(Collectors.toSet()));

    Set<String> shown = ViewerScreenshot.capture(setup.engine().engine(), runId,
        all.stream().map(ReceivedSpan::name).collect(Collectors.toSet()),
        Path.of("target", "screenshots", "three-languages.png"));

    assertThat(shown).contains("hatchet.run_workflow", chain.get(1).prefix() + ".relay", chain.get(2).prefix() + ".custom");
  }

  static Stream<Arguments> viewerChain() {
    List<Lang> chain = List.of(Lang.PYTHON, Lang.JAVA, Lang.TYPESCRIPT);
    return Stream.of(Arguments.of(Named.of("Java↔TypeScript↔Python | Python → Java → TypeScript, in the viewer",
        chain)));
  }

  @Scenario(value = "3c. One trace: event pushed in one language starts a task in another",
      pairs = {"Java↔TypeScript", "Java↔Python"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.hatchet4j.interop.Pairs#peersToJava")
  void pushedEventAndTaskFormOneTrace(Lang from) {
    String marker = UUID.randomUUID().toString();
    String eventId = setup.peer(from).callOk(command("push", "key", JavaWorkflows.EVENT_KEY,
        "payload", Map.of("marker", marker))).path("eventId").asText();
    String runId = Await.until("the run of event " + eventId, () -> setup.engine().engine()
        .runs(setup.engine().tenantId()).stream()
        .filter(r -> r.triggeringEventId().equals(Optional.of(eventId))).findFirst()).id();

    ReceivedSpan consumer = consumerOf(runId, Lang.JAVA);
    ReceivedSpan push = Spans.await(setup.engine(), "the push span", s -> id(s).equals(parentId(consumer)));
    assertThat(push.name()).isEqualTo("hatchet.push_event");
    assertThat(kind(push)).isEqualTo("PRODUCER");
    assertThat(lang(push)).contains(from);
    Spans.awaitFiled(setup.engine(), runId, Set.of(id(push), id(consumer)));
  }

  /** Runs {@code workflow} from {@code from}'s client, waits for it, and returns its run id. */
  static String trigger(Lang from, String workflow, Map<String, Object> input) {
    if (from == Lang.JAVA) {
      RunRef<JsonNode> ref = setup.java().runNoWait(InteropSetup.workflow(workflow),
          InteropEngine.JSON.valueToTree(input), TriggerOptions.defaults());
      ref.await(Duration.ofSeconds(60));
      return ref.runId();
    }
    return setup.peer(from).callOk(command("run", "workflow", workflow, "input", input)).path("runId").asText();
  }

  /** The task span of a standalone run, made by {@code lang}'s instrumentor. */
  static ReceivedSpan consumerOf(String runId, Lang lang) {
    ReceivedSpan consumer = Spans.await(setup.engine(), "the task span of run " + runId,
        s -> s.name().equals("hatchet.start_step_run") && runId.equals(attr(s, "hatchet.workflow_run_id")));
    assertThat(lang(consumer)).contains(lang);
    assertThat(kind(consumer)).isEqualTo("CONSUMER");
    return consumer;
  }

  /** The task's own span ({@code <lang>.custom}), a child of its task span with the task's attributes. */
  static ReceivedSpan customSpanOf(ReceivedSpan task, Lang lang, String suffix) {
    ReceivedSpan custom = Spans.await(setup.engine(), lang.prefix() + suffix + " under " + id(task),
        s -> s.name().equals(lang.prefix() + suffix) && parentId(s).equals(id(task)));
    for (String key : List.of("hatchet.step_run_id", "hatchet.workflow_run_id", "hatchet.tenant_id",
        "hatchet.step_name", "hatchet.worker_id")) {
      assertThat(attr(custom, key)).as("%s on %s", key, custom.name()).isNotEmpty().isEqualTo(attr(task, key));
    }
    assertThat(traceId(custom)).isEqualTo(traceId(task));
    return custom;
  }
}
