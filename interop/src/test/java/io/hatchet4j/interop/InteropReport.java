package io.hatchet4j.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Collects the outcome of every {@link Scenario} test and, when the run ends, prints the table of
 * scenario by SDK pair (PASS, FAIL, or SKIP with the reason) to stdout and to {@code
 * target/interop-report.md}. Registered through {@code META-INF/services}.
 */
public final class InteropReport implements TestExecutionListener {
  private static final List<String> COLUMNS =
      List.of("Java↔TypeScript", "Java↔Python", "TypeScript↔Python", "Java↔TypeScript↔Python");

  private enum Outcome { SKIP, PASS, FAIL }

  /** Row, then column, then the outcomes of the tests that report there. */
  private final Map<String, Map<String, List<Outcome>>> outcomes = new ConcurrentHashMap<>();
  private final List<String> notes = new ArrayList<>();

  @Override
  public void executionSkipped(TestIdentifier id, String reason) {
    scenarios(id.getSource()).forEach(s -> Arrays.stream(s.pairs()).forEach(p -> record(s.value(), p, Outcome.SKIP,
        null)));
    synchronized (this) {
      notes.add(id.getDisplayName() + " skipped: " + reason);
    }
  }

  @Override
  public void executionFinished(TestIdentifier id, TestExecutionResult result) {
    String reason = result.getThrowable().map(InteropReport::firstLine).orElse("");
    Outcome outcome = switch (result.getStatus()) {
      case SUCCESSFUL -> Outcome.PASS;
      case FAILED -> Outcome.FAIL;
      case ABORTED -> Outcome.SKIP;
    };
    if (id.isTest()) {
      String column = id.getDisplayName().split(" \\| ", 2)[0];
      scenarios(id.getSource()).forEach(s -> record(s.value(), column, outcome,
          outcome == Outcome.PASS ? null : id.getDisplayName() + ": " + reason));
    } else if (outcome != Outcome.PASS && id.getSource().orElse(null) instanceof ClassSource) {
      // The class failed or was aborted around its tests (peers missing, engine down, cleanup
      // failed): cells its tests did not fill get the class's outcome, the rest keep theirs.
      String note = "class " + id.getDisplayName() + ": " + reason;
      scenarios(id.getSource()).forEach(s -> Arrays.stream(s.pairs())
          .filter(p -> !outcomes.getOrDefault(s.value(), Map.of()).containsKey(p))
          .forEach(p -> record(s.value(), p, outcome, null)));
      synchronized (this) {
        notes.add(note);
      }
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan plan) {
    if (outcomes.isEmpty()) {
      return;
    }
    String table = render();
    System.out.println();
    System.out.println(table);
    String path = System.getProperty("interop.report");
    if (path != null) {
      try {
        Files.writeString(Path.of(path), table, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private synchronized void record(String row, String column, Outcome outcome, String note) {
    outcomes.computeIfAbsent(row, r -> new ConcurrentHashMap<>())
        .computeIfAbsent(column, c -> new ArrayList<>()).add(outcome);
    if (note != null) {
      notes.add(row + " — " + note);
    }
  }

  private synchronized String render() {
    List<String> columns = COLUMNS.stream()
        .filter(c -> outcomes.values().stream().anyMatch(cells -> cells.containsKey(c))).toList();
    StringBuilder out = new StringBuilder("# Interop: scenario × SDK pair\n\n| scenario |");
    columns.forEach(c -> out.append(' ').append(c).append(" |"));
    out.append("\n| --- |");
    columns.forEach(c -> out.append(" --- |"));
    out.append('\n');
    Map<Outcome, Integer> totals = new LinkedHashMap<>();
    new TreeMap<>(outcomes).forEach((row, cells) -> {
      out.append("| ").append(row).append(" |");
      for (String column : columns) {
        Outcome cell = cell(cells.get(column));
        out.append(' ').append(cell == null ? "—" : cell.name()).append(" |");
        if (cell != null) {
          totals.merge(cell, 1, Integer::sum);
        }
      }
      out.append('\n');
    });
    out.append("\nCells — PASS ").append(totals.getOrDefault(Outcome.PASS, 0))
        .append(", FAIL ").append(totals.getOrDefault(Outcome.FAIL, 0))
        .append(", SKIP ").append(totals.getOrDefault(Outcome.SKIP, 0)).append('\n');
    if (!notes.isEmpty()) {
      out.append("\nNot passed:\n\n");
      notes.stream().distinct().forEach(n -> out.append("- ").append(n).append('\n'));
    }
    return out.toString();
  }

  /** A cell fails if any of its tests failed, passes if the rest passed, and is skipped otherwise. */
  private static Outcome cell(List<Outcome> results) {
    if (results == null || results.isEmpty()) {
      return null;
    }
    return results.contains(Outcome.FAIL) ? Outcome.FAIL
        : results.contains(Outcome.PASS) ? Outcome.PASS : Outcome.SKIP;
  }

  private static List<Scenario> scenarios(Optional<TestSource> source) {
    try {
      if (source.orElse(null) instanceof MethodSource method) {
        Class<?> type = Class.forName(method.getClassName());
        return Arrays.stream(type.getDeclaredMethods())
            .filter(m -> m.getName().equals(method.getMethodName()))
            .map(m -> m.getAnnotation(Scenario.class)).filter(s -> s != null).limit(1).toList();
      }
      if (source.orElse(null) instanceof ClassSource type) {
        return Arrays.stream(type.getJavaClass().getDeclaredMethods())
            .sorted((a, b) -> a.getName().compareTo(b.getName()))
            .map((Method m) -> m.getAnnotation(Scenario.class)).filter(s -> s != null).toList();
      }
    } catch (ClassNotFoundException e) {
      return List.of();
    }
    return List.of();
  }

  private static String firstLine(Throwable error) {
    String message = String.valueOf(error.getMessage());
    int newline = message.indexOf('\n');
    return error.getClass().getSimpleName() + ": " + (newline < 0 ? message : message.substring(0, newline));
  }
}
