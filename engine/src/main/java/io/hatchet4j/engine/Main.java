package io.hatchet4j.engine;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the engine from the command line: {@code java -jar hatchet4j-engine.jar dev [options]}.
 *
 * <p>Prints where the engine listens and the environment an SDK needs, then runs until Ctrl-C or
 * SIGTERM, when it shuts down cleanly. Exits with 2 on bad arguments.
 */
public final class Main {
  static final String USAGE = String.join(System.lineSeparator(),
      "Usage: java -jar hatchet4j-engine.jar dev [options]",
      "",
      "Runs a Hatchet-compatible engine for development.",
      "",
      "Options:",
      "  --grpc-port N    gRPC port, 0 for a free one (default " + EngineOptions.DEFAULT_GRPC_PORT + ")",
      "  --http-port N    HTTP port, 0 for a free one (default " + EngineOptions.DEFAULT_HTTP_PORT + ")",
      "  --host H         address to bind (default " + EngineOptions.DEFAULT_HOST + ")",
      "  --db-file PATH   keep state in this file across restarts (default: in memory)",
      "  --retention D    keep finished runs, events and traces this long after their creation,",
      "                   such as 7d, 12h or 30m (default 30d)",
      "  --forward-otlp HOST:PORT",
      "                   also send every span export to this OTLP/gRPC endpoint",
      "  -h, --help       show this help");

  private Main() {}

  public static void main(String[] args) {
    EngineOptions options;
    try {
      options = parse(args);
    } catch (HelpRequested e) {
      System.out.println(USAGE);
      return;
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println("Run with --help for usage.");
      System.exit(2);
      return;
    }
    configureLogging();
    HatchetEngine engine;
    try {
      engine = HatchetEngine.start(options);
    } catch (RuntimeException e) {
      System.err.println("error: could not start the engine: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      engine.close();
      stopped.countDown();
    }, "hatchet4j-engine-stop"));
    printBanner(engine, System.out);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Thrown by {@link #parse} for {@code --help}. */
  static final class HelpRequested extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HelpRequested() {
      super(null, null, false, false);
    }
  }

  /**
   * Reads the command line into options.
   *
   * @throws HelpRequested for {@code -h} or {@code --help}
   * @throws IllegalArgumentException with a message for the user on anything else that is wrong
   */
  static EngineOptions parse(String[] args) {
    for (String arg : args) {
      if (arg.equals("-h") || arg.equals("--help") || arg.equals("help")) {
        throw new HelpRequested();
      }
    }
    if (args.length == 0) {
      throw new IllegalArgumentException("missing command: the only command is 'dev'");
    }
    if (!args[0].equals("dev")) {
      throw new IllegalArgumentException("unknown command '" + args[0] + "': the only command is 'dev'");
    }
    EngineOptions.Builder options = EngineOptions.builder();
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String value;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        value = null;
      }
      switch (name) {
        case "--grpc-port":
          options.setGrpcPort(port(name, value));
          break;
        case "--http-port":
          options.setHttpPort(port(name, value));
          break;
        case "--host":
          options.setHost(required(name, value));
          break;
        case "--db-file":
          options.setDbFile(Path.of(required(name, value)));
          break;
        case "--forward-otlp":
          options.setForwardOtlpEndpoint(required(name, value));
          break;
        case "--retention":
          options.setRetention(retention(name, value));
          break;
        default:
          throw new IllegalArgumentException("unknown option '" + name + "'");
      }
    }
    return options.build();
  }

  private static String required(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    return value;
  }

  /** A duration such as {@code 7d}, {@code 12h}, {@code 90m} or {@code 1h30m}. */
  static java.time.Duration retention(String name, String value) {
    String text = required(name, value).strip();
    java.time.Duration duration;
    try {
      if (text.matches("\\d+d")) {
        duration = java.time.Duration.ofDays(Long.parseLong(text.substring(0, text.length() - 1)));
      } else {
        duration = io.hatchet4j.engine.internal.Durations.parse(text, name);
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(name + " must be a duration such as 7d, 12h or 30m, got '" + text + "'");
    }
    if (duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, got '" + text + "'");
    }
    return duration;
  }

  private static int port(String name, String value) {
    String text = required(name, value);
    int port;
    try {
      port = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, got '" + text + "'");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(name + " must be between 0 and 65535, got " + port);
    }
    return port;
  }

  static void printBanner(HatchetEngine engine, PrintStream out) {
    out.println();
    out.println("hatchet4j dev engine is running (Ctrl-C to stop)");
    out.println("  gRPC:    " + engine.grpcTarget());
    out.println("  HTTP:    " + engine.httpUrl());
    out.println("  state:   " + engine.options().dbFile().map(Object::toString).orElse("in memory (--db-file keeps it)")
        + ", finished runs kept " + io.hatchet4j.engine.internal.Durations.format(engine.options().retention()));
    out.println("  tenant:  " + engine.tenantId());
    out.println("  token:   " + engine.token());
    out.println("  traces:  " + engine.httpUrl() + "/#token=" + engine.token());
    out.println();
    out.println("Point a Hatchet SDK at it:");
    out.println();
    out.println("export HATCHET_CLIENT_TOKEN=" + engine.token());
    out.println("export HATCHET_CLIENT_HOST_PORT=" + engine.grpcTarget());
    out.println("export HATCHET_CLIENT_TLS_STRATEGY=none");
    out.println();
    out.flush();
  }

  /** Sensible console logging for the runnable jar, unless the user configured it. */
  private static void configureLogging() {
    setDefault("org.slf4j.simpleLogger.defaultLogLevel", "info");
    setDefault("org.slf4j.simpleLogger.showDateTime", "true");
    setDefault("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
    setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
    setDefault("org.slf4j.simpleLogger.log.io.grpc", "warn");
  }

  private static void setDefault(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
