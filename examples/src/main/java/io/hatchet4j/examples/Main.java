package io.hatchet4j.examples;

import java.util.Arrays;

/**
 * Command-line entry of the examples jar.
 *
 * <pre>
 * java -jar hatchet4j-examples.jar demo [--once] [--grpc-port N] [--http-port N]
 * java -jar hatchet4j-examples.jar bench [--tasks N] [--workers N] [--slots N] [--in-flight N] [--threads N]
 * java -jar hatchet4j-examples.jar scale [--runs N] [--window N] [--slots N]
 * </pre>
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    String command = args.length == 0 ? "demo" : args[0];
    String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    switch (command) {
      case "demo":
        Demo.main(rest);
        break;
      case "bench":
        Bench.main(rest);
        break;
      case "scale":
        ScaleBench.main(rest);
        break;
      case "-h":
      case "--help":
      case "help":
        System.out.println(usage());
        break;
      default:
        System.err.println("unknown command '" + command + "'\n" + usage());
        System.exit(2);
    }
  }

  static String usage() {
    return String.join(
        "\n",
        "usage: java -jar hatchet4j-examples.jar <command> [options]",
        "  demo   start the embedded engine, run the example workflows on a worker, print the results",
        "         --once            exit after the examples instead of serving the engine until Ctrl-C",
        "         --grpc-port N     gRPC port (default 7070; 0 picks a free one)",
        "         --http-port N     HTTP port of the API and web page (default 8888; 0 picks a free one)",
        "  bench  measure throughput and trigger-to-result latency of no-op tasks through the embedded engine",
        "         --tasks N         runs per measurement (default 2000)",
        "         --workers N       workers (default 2)",
        "         --slots N         slots per worker (default 50)",
        "         --in-flight N     runs the client keeps outstanding (default 100)",
        "         --threads N       client threads triggering them (default 4)",
        "  scale  measure throughput, memory, database size and run-status latency as completed runs pile up,",
        "         then a restart and a retention sweep (engine with a database file in a temporary directory)",
        "         --runs N          completed runs at the last checkpoint (default 100000)",
        "         --window N        runs timed at each checkpoint (default 2000)",
        "         --slots N         slots of the worker (default 200)");
  }

  /** Reads {@code --name value} options; every option has a whole-number value. */
  static int intOption(String[] args, String name, int defaultValue) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals(name)) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(name + " needs a value");
        }
        try {
          return Integer.parseInt(args[i + 1]);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(name + " must be a whole number, got '" + args[i + 1] + "'");
        }
      }
    }
    return defaultValue;
  }

  static boolean flag(String[] args, String name) {
    return Arrays.asList(args).contains(name);
  }
}
