package io.hatchet4j.benchmarks.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How the suite starts a JVM of its own: this JVM's {@code java} with this JVM's class path. */
final class Launch {
  private Launch() {}

  static List<String> java(List<String> jvmArgs) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    return command;
  }
}
