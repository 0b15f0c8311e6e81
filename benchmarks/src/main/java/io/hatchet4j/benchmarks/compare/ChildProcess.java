package io.hatchet4j.benchmarks.compare;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A process of the suite (an engine or a worker) with its output in a log file, whose lines can
 * also be awaited, and whose whole tree is ended on {@link #close()}.
 */
final class ChildProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final PrintWriter log;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private ChildProcess(String name, Process process, PrintWriter log) {
    this.name = name;
    this.process = process;
    this.log = log;
    pump(process.getInputStream(), "");
    pump(process.getErrorStream(), "[err] ");
  }

  /** Starts {@code command} in {@code dir} with {@code env} added to a copy of ours without HATCHET_ and OTEL_ variables. */
  static ChildProcess start(String name, List<String> command, Path dir, Map<String, String> env, Path logDir) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("HATCHET_") || k.startsWith("OTEL_"));
    builder.environment().putAll(env);
    try {
      Files.createDirectories(logDir);
      PrintWriter log = new PrintWriter(Files.newBufferedWriter(logDir.resolve(name + ".log"), StandardCharsets.UTF_8),
          true);
      log.println("$ " + String.join(" ", command));
      return new ChildProcess(name, builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
    }
  }

  ProcessHandle handle() {
    return process.toHandle();
  }

  /** Waits for a line of standard output that starts with {@code prefix} (after leading blanks) and returns it. */
  String awaitLine(String prefix, long timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (true) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line != null && line.strip().startsWith(prefix)) {
        return line.strip();
      }
      if (line == null && (!process.isAlive() || System.nanoTime() > deadline)) {
        throw new IllegalStateException(name + " printed no line starting with '" + prefix + "' ("
            + (process.isAlive() ? "timed out" : "exited " + process.exitValue()) + "); see its log");
      }
    }
  }

  private void pump(InputStream stream, String mark) {
    Thread thread = new Thread(() -> {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          log.println(mark + line);
          if (mark.isEmpty()) {
            lines.add(line);
            while (lines.size() > 1000) {
              lines.poll(); // nobody awaits them any more: keep memory bounded
            }
          }
        }
      } catch (IOException e) {
        log.println("[bench] output closed: " + e);
      }
    }, "bench-" + name + (mark.isEmpty() ? "-out" : "-err"));
    thread.setDaemon(true);
    thread.start();
  }

  /** Closes its standard input (our workers and the peers stop on that), then ends whatever is left of its tree. */
  @Override
  public void close() {
    List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
    try {
      process.getOutputStream().close();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        log.println("[bench] still running after 10 s; ending it");
      }
    } catch (IOException e) {
      // already gone
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    family.addAll(process.descendants().toList());
    family.forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        family.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.close();
  }
}
