package io.hatchet4j.benchmarks.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time and resident memory of a process and all its descendants, read from Linux's {@code
 * /proc}: {@code utime + stime} of each live process plus {@code cutime + cstime} of the root (its
 * children that already ended), and the sum of their {@code VmRSS}.
 */
final class ProcessTree {
  /** Clock ticks per second of {@code /proc/<pid>/stat} times; 100 on every usual Linux. */
  private static final long TICKS_PER_SECOND = ticksPerSecond();

  private ProcessTree() {}

  /** Whether {@code /proc} can be read here (Linux). */
  static boolean available() {
    return Files.isReadable(Path.of("/proc/self/stat"));
  }

  /** CPU nanoseconds spent so far by the process and its descendants. */
  static long cpuNanos(ProcessHandle root) {
    long ticks = 0;
    List<ProcessHandle> tree = tree(root);
    for (ProcessHandle process : tree) {
      long[] times = times(process.pid());
      if (times != null) {
        ticks += times[0] + times[1];
        if (process.pid() == root.pid()) {
          ticks += times[2] + times[3];
        }
      }
    }
    return ticks * 1_000_000_000L / TICKS_PER_SECOND;
  }

  /** Resident memory in bytes of the process and its descendants. */
  static long rssBytes(ProcessHandle root) {
    long kb = 0;
    for (ProcessHandle process : tree(root)) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
          if (line.startsWith("VmRSS:")) {
            kb += Long.parseLong(line.substring(6).replace("kB", "").strip());
          }
        }
      } catch (IOException | RuntimeException e) {
        // The process ended meanwhile: it holds no memory any more.
      }
    }
    return kb * 1024;
  }

  private static List<ProcessHandle> tree(ProcessHandle root) {
    List<ProcessHandle> tree = new ArrayList<>();
    tree.add(root);
    root.descendants().forEach(tree::add);
    return tree;
  }

  /** utime, stime, cutime, cstime in ticks, or null if the process is gone. */
  private static long[] times(long pid) {
    String stat;
    try {
      stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    } catch (IOException e) {
      return null;
    }
    // The command name, field 2, is in parentheses and may hold spaces: count from after it.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // fields[0] is field 3 (state); utime is field 14.
    return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12]), Long.parseLong(fields[13]),
        Long.parseLong(fields[14])};
  }

  private static long ticksPerSecond() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(getconf.getInputStream().readAllBytes()).strip();
      getconf.waitFor();
      return Long.parseLong(out);
    } catch (IOException | RuntimeException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
