package io.hatchet4j.opentelemetry.javaagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hatchet4j.engine.EngineOptions;
import io.hatchet4j.engine.HatchetEngine;
import io.hatchet4j.engine.SpanInfo;
import io.hatchet4j.examples.AgentTracedWorker;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The example worker, with no tracing code, started as a child JVM under the real OpenTelemetry
 * Java agent and the hatchet4j extension, exports its spans through the agent's OTLP exporter to
 * the embedded engine's collector; the engine's trace of the run holds the trigger and the task.
 */
class JavaAgentEndToEndTest {
  private static final Pattern RUN = Pattern.compile("run ([0-9a-f-]{36}): Hello, agent!");

  @Test
  void theAgentWithTheExtensionTracesAWorkerWithoutCodeChanges() throws Exception {
    String agentJar = System.getProperty("hatchet4j.agent.jar");
    String extensionJar = System.getProperty("hatchet4j.extension.jar");
    assumeTrue(agentJar != null && extensionJar != null, "runs in the integration-test phase, after package, with the shaded extension jar");
    Path agent = Path.of(agentJar);
    Path extension = Path.of(extensionJar);
    assertThat(agent).isRegularFile();
    assertThat(extension).isRegularFile();

    try (HatchetEngine engine = HatchetEngine.start(EngineOptions.builder().setGrpcPort(0).setHttpPort(0).build())) {
      Path output = Files.createTempFile("agent-worker", ".log");
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-javaagent:" + agent.toAbsolutePath());
      command.add("-Dotel.javaagent.extensions=" + extension.toAbsolutePath());
      command.add("-Dotel.service.name=agent-traced-worker");
      command.add("-Dotel.traces.exporter=otlp");
      command.add("-Dotel.metrics.exporter=none");
      command.add("-Dotel.logs.exporter=none");
      command.add("-Dotel.exporter.otlp.protocol=grpc");
      command.add("-Dotel.exporter.otlp.endpoint=http://127.0.0.1:" + engine.grpcPort());
      command.add("-Dotel.exporter.otlp.headers=authorization=Bearer " + engine.token());
      // Only this extension's instrumentation: the agent's own would add gRPC spans of the SDK's calls.
      command.add("-Dotel.instrumentation.common.default-enabled=false");
      command.add("-Dotel.instrumentation.hatchet4j.enabled=true");
      command.add("-cp");
      command.add(applicationClassPath());
      command.add(AgentTracedWorker.class.getName());
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
      Map<String, String> env = builder.environment();
      env.put("HATCHET_CLIENT_TOKEN", engine.token());
      env.put("HATCHET_CLIENT_HOST_PORT", engine.grpcTarget());
      env.put("HATCHET_CLIENT_TLS_STRATEGY", "none");
      Process worker = builder.start();
      boolean exited = worker.waitFor(120, TimeUnit.SECONDS);
      if (!exited) {
        worker.destroyForcibly();
      }
      String log = Files.readString(output, StandardCharsets.UTF_8);
      assertThat(exited).as("the worker exits; its output:%n%s", log).isTrue();
      assertThat(worker.exitValue()).as(log).isZero();
      Matcher run = RUN.matcher(log);
      assertThat(run.find()).as("the worker reports its run:%n%s", log).isTrue();
      String runId = run.group(1);

      // The agent exports what is queued while the JVM shuts down, so the worker's spans have
      // reached the collector by the time it exited.
      List<SpanInfo> trace = engine.trace(engine.tenantId(), runId);
      List<SpanInfo> fromWorker = trace.stream().filter(s -> "agent-traced-worker".equals(s.serviceName())).toList();
      assertThat(fromWorker)
          .as("spans the agent exported, in the run's trace %s; worker output:%n%s", trace, log)
          .extracting(SpanInfo::name)
          .contains("hatchet.run_workflow", "hatchet.start_step_run");
      SpanInfo trigger = fromWorker.stream().filter(s -> s.name().equals("hatchet.run_workflow")).findFirst().orElseThrow();
      SpanInfo task = fromWorker.stream().filter(s -> s.name().equals("hatchet.start_step_run")).findFirst().orElseThrow();
      assertThat(trace).extracting(SpanInfo::traceId).containsOnly(trigger.traceId());
      assertThat(ancestors(trace, task)).as("the task descends from the trigger in %s", trace).contains(trigger.spanId());
      assertThat(task.attributes()).containsEntry("hatchet.workflow_run_id", runId).containsEntry("instrumentor", "hatchet");
    }
  }

  /** The span ids from {@code span}'s parent up to the root (the engine's spans may sit in between). */
  private static List<String> ancestors(List<SpanInfo> trace, SpanInfo span) {
    Map<String, SpanInfo> byId = trace.stream().collect(Collectors.toMap(SpanInfo::spanId, s -> s, (a, b) -> a));
    List<String> ids = new ArrayList<>();
    SpanInfo current = span;
    while (current != null && current.parentSpanId().isPresent() && ids.size() < trace.size()) {
      String parent = current.parentSpanId().get();
      ids.add(parent);
      current = byId.get(parent);
    }
    return ids;
  }

  /**
   * This JVM's class path without OpenTelemetry or hatchet4j's instrumentation: the application
   * has neither, the agent and the extension bring them.
   */
  private static String applicationClassPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.contains("opentelemetry"))
        .filter(entry -> !entry.contains("junit") && !entry.contains("assertj"))
        .collect(Collectors.joining(File.pathSeparator));
  }
}
