package io.hatchet4j;

import static io.hatchet4j.EngineFixture.started;
import static io.hatchet4j.EngineFixture.worker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.hatchet4j.features.LogLine;
import io.hatchet4j.features.LogQuery;
import io.hatchet4j.logging.TaskLogAppender;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** Task logs: written with levels, captured from SLF4J through Logback, and read back over REST. */
class TaskLogsTest extends EngineTest {
  record In(String text) {}

  /** Lines are sent in the background: poll until {@code count} have arrived. */
  private List<LogLine> awaitLines(String taskRunId, int count) throws InterruptedException {
    EngineFixture.await(count + " log lines", Duration.ofSeconds(10),
        () -> hatchet.logs().list(taskRunId).size() >= count);
    return hatchet.logs().list(taskRunId);
  }

  @Test
  void linesKeepTheirLevelsAndOrderAndComeBackOverRest() throws Exception {
    Workflow<In, In> chatty = Workflow.standalone(
        Task.builder("chatty", In.class, In.class)
            .setHandler((in, ctx) -> {
              ctx.log("plain line");
              ctx.log(LogLevel.DEBUG, "debug line");
              ctx.log(LogLevel.WARN, "warn line");
              ctx.log(LogLevel.ERROR, "x".repeat(10_005));
              ctx.log(LogLevel.INFO, ""); // not sent: the engine refuses empty lines
              return in;
            })
            .build());
    started(hatchet, worker("w", 2), chatty);
    RunRef<In> ref = hatchet.runNoWait(chatty, new In("hi"));
    ref.await();

    // A standalone task's run id is its task run id.
    List<LogLine> lines = awaitLines(ref.runId(), 4);
    assertThat(lines).hasSize(4);
    assertThat(lines).extracting(LogLine::levelIfAny).containsExactly(
        Optional.of(LogLevel.INFO), Optional.of(LogLevel.DEBUG), Optional.of(LogLevel.WARN), Optional.of(LogLevel.ERROR));
    assertThat(lines.get(0).message()).isEqualTo("plain line");
    assertThat(lines.get(3).message()).as("cut to the engine's limit").hasSize(10_000);
    assertThat(lines).allSatisfy(line -> assertThat(line.attempt()).isEqualTo(1));
    assertThat(hatchet.logs().list(ref.runId(), LogQuery.builder().setLimit(2).build())).hasSize(2);
  }

  @Test
  void unknownTaskRunsAreNotFound() {
    assertThatThrownBy(() -> hatchet.logs().list(UUID.randomUUID().toString()))
        .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.code()).isEqualTo("NOT_FOUND"));
    assertThatThrownBy(() -> LogQuery.builder().setLimit(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theLogbackAppenderCopiesWhatATaskLogsThroughSlf4j() throws Exception {
    LoggerContext logback = new LoggerContext();
    TaskLogAppender appender = new TaskLogAppender();
    appender.setContext(logback);
    appender.start();
    ch.qos.logback.classic.Logger root = logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.DEBUG);
    root.addAppender(appender);
    org.slf4j.Logger app = logback.getLogger("com.example.billing");
    org.slf4j.Logger sdk = logback.getLogger("io.hatchet4j.internal.Something");
    AtomicReference<String> mdcTaskRunId = new AtomicReference<>();

    Workflow<In, In> logging = Workflow.standalone(
        Task.builder("logging", In.class, In.class)
            .setHandler((in, ctx) -> {
              mdcTaskRunId.set(MDC.get("hatchet.task_run_id"));
              app.info("charging {}", in.text());
              app.debug("details");
              app.warn("retrying", new IllegalStateException("card declined"));
              sdk.error("the SDK's own line is not copied");
              ctx.log(LogLevel.INFO, "direct");
              return in;
            })
            .build());
    started(hatchet, worker("w", 2), logging);
    app.info("outside any task: not copied");
    RunRef<In> ref = hatchet.runNoWait(logging, new In("order-7"));
    ref.await();

    List<LogLine> lines = awaitLines(ref.runId(), 4);
    assertThat(lines).extracting(LogLine::message)
        .hasSize(4)
        .contains("charging order-7", "details", "direct")
        .noneMatch(m -> m.contains("not copied"));
    LogLine warn = lines.stream().filter(l -> l.message().startsWith("retrying")).findFirst().orElseThrow();
    assertThat(warn.levelIfAny()).hasValue(LogLevel.WARN);
    assertThat(warn.message()).contains("card declined");
    assertThat(lines.stream().filter(l -> l.message().equals("details")).findFirst().orElseThrow().levelIfAny())
        .hasValue(LogLevel.DEBUG);
    assertThat(mdcTaskRunId.get()).isEqualTo(ref.runId());
    logback.stop();
  }
}
