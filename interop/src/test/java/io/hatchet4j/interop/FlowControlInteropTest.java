package io.hatchet4j.interop;

import static io.hatchet4j.interop.InteropSetup.workflow;
import static io.hatchet4j.interop.Peer.command;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hatchet4j.RateLimitDuration;
import io.hatchet4j.RunRef;
import io.hatchet4j.engine.RunInfo;
import io.hatchet4j.worker.Worker;
import io.hatchet4j.worker.WorkerOptions;
import io.hatchet4j.workflow.Workflow;
import io.hatchet4j.workflow.WorkflowResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scenario 6: flow control declared by each SDK's worker (interop/python/flow_peer.py,
 * interop/ts/flow-peer.mjs, {@link JavaFlowWorkflows}) and scheduled by our engine with upstream's
 * outcomes. Limits use hour-long windows, so what waits for a refill is still waiting when the test
 * looks, whatever the machine's speed.
 */
class FlowControlInteropTest {
  @RegisterExtension static final InteropSetup setup = InteropSetup.create("interop_flow_", false);
  private static Worker javaFlowWorker;

  @BeforeAll
  static void startJavaFlowWorker() {
    WorkerOptions.Builder options = WorkerOptions.builder().setName("java-flow-worker").setSlots(20);
    JavaFlowWorkflows.LABELS.forEach((key, value) -> {
      if (value instanceof Integer number) {
        options.putLabel(key, number);
      } else {
        options.putLabel(key, (String) value);
      }
    });
    javaFlowWorker = setup.java().newWorker(options.build());
    JavaFlowWorkflows.ALL.forEach(javaFlowWorker::register);
    javaFlowWorker.start();
  }

  @AfterAll
  static void stopJavaFlowWorker() {
    if (javaFlowWorker != null) {
      javaFlowWorker.close();
    }
  }

  /** Each SDK's worker, the Java client triggering; Java's own rows go in the Java↔Python column. */
  static Stream<Arguments> workers() {
    return Stream.of(Lang.TYPESCRIPT, Lang.PYTHON, Lang.JAVA).map(l -> Arguments.of(Named.of(
        l == Lang.JAVA ? "Java↔Java | Java → Java" : Lang.display(Lang.JAVA, l), l)));
  }

  @Scenario(value = "11a. Static rate limit: put by the SDK, two per window pass, the third waits",
      pairs = {"Java↔TypeScript", "Java↔Python"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("workers")
  void aStaticLimitLetsItsUnitsThroughAndTheRestWait(Lang lang) {
    String key = lang.prefix() + "-interop-limit";
    putLimit(lang, key, 2);
    List<RunRef<JsonNode>> refs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      refs.add(setup.java().runNoWait(workflow(lang, "rate-limited"), json(Map.of())));
    }

    // The runs were created one after another, so the first two took the window's units.
    refs.get(0).await(Duration.ofSeconds(60));
    refs.get(1).await(Duration.ofSeconds(60));
    RunRef<JsonNode> waiting = refs.get(2);

    assertThat(status(waiting)).isEqualTo("QUEUED");
    JsonNode limit = listLimits(lang, key).get(0);
    assertThat(limit.path("limitValue").asInt()).isEqualTo(2);
    assertThat(limit.path("value").asInt()).isZero();
    assertThat(limit.path("window").asText()).isEqualTo("1 hour");
    setup.java().cancel(waiting.runId());
  }

  @Scenario(value = "11b. Dynamic rate limit: key, units and limit from the input, one window per key",
      pairs = {"Java↔TypeScript", "Java↔Python"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("workers")
  void aDynamicLimitCountsEachKeyOnItsOwn(Lang lang) {
    String first = "g1-" + UUID.randomUUID();
    String second = "g2-" + UUID.randomUUID();
    Map<String, Object> one = Map.of("group", first, "units", 1, "limit", 1);
    RunRef<JsonNode> a1 = setup.java().runNoWait(workflow(lang, "dynamic-limited"), json(one));
    RunRef<JsonNode> a2 = setup.java().runNoWait(workflow(lang, "dynamic-limited"), json(one));
    RunRef<JsonNode> b1 = setup.java().runNoWait(workflow(lang, "dynamic-limited"),
        json(Map.of("group", second, "units", 1, "limit", 1)));

    a1.await(Duration.ofSeconds(60));
    b1.await(Duration.ofSeconds(60));

    assertThat(status(a2)).isEqualTo("QUEUED");
    assertThat(listLimits(lang, first)).singleElement().satisfies(limit -> {
      assertThat(limit.path("limitValue").asInt()).isEqualTo(1);
      assertThat(limit.path("value").asInt()).isZero();
    });
    setup.java().cancel(a2.runId());
  }

  @Scenario(value = "11c. Worker labels: weighted and required int labels, upserted by a task at run time",
      pairs = {"Java↔TypeScript", "Java↔Python"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("workers")
  void requiredLabelsFilterAndLabelsUpsertedAtRunTimeCount(Lang lang) {
    // memory 512 > 256 required, model a weighted preference the worker does not meet: it runs.
    JsonNode affinity = setup.java().run(workflow(lang, "affinity"), json(Map.of()));
    assertThat(affinity.path("lang").asText()).isEqualTo(lang.prefix());
    // memory 512 < 256 does not hold: the run waits until the worker's label says 128.
    RunRef<JsonNode> strict = setup.java().runNoWait(workflow(lang, "affinity-strict"), json(Map.of()));
    JsonNode upsert = setup.java().run(workflow(lang, "upsert-labels"), json(Map.of("labels", Map.of("memory", 128))));
    JsonNode ranStrict = strict.await(Duration.ofSeconds(60));

    assertThat(ranStrict.path("worker").asText()).isEqualTo(upsert.path("worker").asText())
        .isEqualTo(affinity.path("worker").asText());
    setup.java().run(workflow(lang, "upsert-labels"), json(Map.of("labels", Map.of("memory", 512))));
  }

  @Scenario(value = "11d. Sticky: HARD DAG and a sticky child stay on the parent's worker",
      pairs = {"Java↔TypeScript", "Java↔Python"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("workers")
  void stickyTasksAndChildrenStayOnTheirWorker(Lang lang) {
    WorkflowResult result = setup.java().run(Workflow.reference(lang.workflow("sticky"), JsonNode.class),
        json(Map.of()));

    String step1 = result.output("step1", JsonNode.class).path("worker").asText();
    JsonNode step2 = result.output("step2", JsonNode.class);
    assertThat(step1).isNotBlank();
    assertThat(step2.path("worker").asText()).isEqualTo(step1);
    assertThat(step2.path("child").asText()).isEqualTo(step1);
  }

  // ---------------------------------------------------------------- helpers

  private static void putLimit(Lang lang, String key, int limit) {
    if (lang == Lang.JAVA) {
      setup.java().rateLimits().put(key, limit, RateLimitDuration.HOUR);
    } else {
      setup.peer(lang).callOk(command("putRateLimit", "key", key, "limit", limit, "duration", "HOUR"));
    }
  }

  /** The limits whose key contains {@code search}, as the SDK's own list call returns them. */
  private static List<JsonNode> listLimits(Lang lang, String search) {
    if (lang == Lang.JAVA) {
      return setup.java().rateLimits().list().stream().filter(l -> l.key().contains(search))
          .map(l -> (JsonNode) InteropEngine.JSON.createObjectNode().put("key", l.key())
              .put("limitValue", l.limit()).put("value", l.remaining()).put("window", l.window()))
          .toList();
    }
    JsonNode rows = setup.peer(lang).callOk(command("listRateLimits", "search", search)).path("rows");
    return StreamSupport.stream(rows.spliterator(), false).toList();
  }

  private static String status(RunRef<?> ref) {
    return setup.engine().run(ref.runId()).map(RunInfo::status).orElse("?");
  }

  private static JsonNode json(Object value) {
    return InteropEngine.JSON.valueToTree(value);
  }
}
