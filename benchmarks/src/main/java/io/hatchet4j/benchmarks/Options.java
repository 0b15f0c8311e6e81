package io.hatchet4j.benchmarks;

/** Command-line options of the benchmark commands. */
public final class Options {
  private Options() {}

  /** The integer after {@code name} on the command line, else the fallback. */
  public static int intOption(String[] args, String name, int fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }
}
