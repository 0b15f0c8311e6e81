package io.hatchet4j.testing.internal;

import static java.util.Objects.requireNonNull;

import io.hatchet4j.RunStatus;
import io.hatchet4j.engine.HatchetEngine;
import io.hatchet4j.engine.RunInfo;
import io.hatchet4j.testing.Runs;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The runs of one tenant, read through the engine's public API. */
final class TenantRuns implements Runs {
  private static final Set<String> FINISHED = Set.of("COMPLETED", "FAILED", "CANCELLED");
  /** Errors are stack traces; their first line says enough, the rest would bury the other runs. */
  private static final int MAX_ERROR_CHARS = 200;

  private final HatchetEngine engine;
  private final String tenantId;

  TenantRuns(HatchetEngine engine, String tenantId) {
    this.engine = engine;
    this.tenantId = tenantId;
  }

  @Override
  public List<RunInfo> list() {
    return engine.runs(tenantId);
  }

  @Override
  public Optional<RunInfo> get(String runId) {
    return engine.run(tenantId, requireNonNull(runId, "runId"));
  }

  @Override
  public RunInfo await(String runId, RunStatus... statuses) {
    return await(runId, DEFAULT_TIMEOUT, statuses);
  }

  @Override
  public RunInfo await(String runId, Duration timeout, RunStatus... statuses) {
    requireNonNull(runId, "runId");
    Set<String> wanted = statuses.length == 0 ? FINISHED
        : Arrays.stream(statuses).map(s -> requireNonNull(s, "status").name()).collect(Collectors.toSet());
    String expected = statuses.length == 0 ? "COMPLETED, FAILED or CANCELLED"
        : Arrays.stream(statuses).map(Enum::name).collect(Collectors.joining(" or "));
    Set<String> seen = new LinkedHashSet<>();
    Optional<RunInfo> last = Polling.until(timeout,
        () -> {
          Optional<RunInfo> run = get(runId);
          run.ifPresent(r -> seen.add(r.status()));
          return run;
        },
        run -> run.isPresent() && (wanted.contains(run.get().status()) || FINISHED.contains(run.get().status())),
        run -> run.isPresent()
            ? "run " + runId + " was not " + expected + " after " + Polling.text(timeout) + "; it was "
                + String.join(", then ", seen) + ":\n" + describe(run.get())
            : "run " + runId + " was not " + expected + " after " + Polling.text(timeout)
                + ": the tenant has no such run; " + describe(list()));
    RunInfo run = last.orElseThrow();
    if (!wanted.contains(run.status())) {
      throw new AssertionError("run " + runId + " finished " + run.status() + ", not " + expected + ":\n"
          + describe(run));
    }
    return run;
  }

  @Override
  public List<RunInfo> awaitAll(Predicate<? super RunInfo> predicate, Duration timeout) {
    requireNonNull(predicate, "predicate");
    return Polling.until(timeout, this::list, runs -> !runs.isEmpty() && runs.stream().allMatch(predicate),
        runs -> runs.isEmpty()
            ? "the tenant had no runs after " + Polling.text(timeout)
            : "not every run matched after " + Polling.text(timeout) + "; " + describe(runs, predicate));
  }

  private static String describe(List<RunInfo> runs) {
    return describe(runs, run -> true);
  }

  /** The runs, newest first, marking those that do not match. */
  private static String describe(List<RunInfo> runs, Predicate<? super RunInfo> matching) {
    if (runs.isEmpty()) {
      return "it has no runs";
    }
    StringBuilder text = new StringBuilder("runs seen (newest first):");
    for (RunInfo run : runs) {
      text.append('\n').append(describe(run, matching.test(run) ? "" : "   <- does not match"));
    }
    return text.toString();
  }

  private static String describe(RunInfo run) {
    return describe(run, "");
  }

  /** A run and its tasks, one a line, indented; {@code note} ends the run's line. */
  private static String describe(RunInfo run, String note) {
    StringBuilder text = new StringBuilder()
        .append("  ").append(run.workflowName()).append(' ').append(run.id()).append(' ').append(run.status())
        .append(note);
    for (RunInfo.TaskInfo task : run.tasks()) {
      text.append("\n    task ").append(task.name()).append(' ').append(task.status())
          .append(", ").append(task.attempts()).append(task.attempts() == 1 ? " attempt" : " attempts");
      task.error().ifPresent(error -> text.append(": ").append(firstLine(error)));
    }
    return text.toString();
  }

  private static String firstLine(String error) {
    String line = error.strip().lines().findFirst().orElse("");
    return line.length() > MAX_ERROR_CHARS ? line.substring(0, MAX_ERROR_CHARS) + "..." : line;
  }
}
