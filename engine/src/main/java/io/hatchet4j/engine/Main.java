package io.hatchet4j.engine;

import io.hatchet4j.engine.internal.Durations;
import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.Ids;
import io.hatchet4j.engine.internal.auth.TokenRegistry;
import io.hatchet4j.engine.internal.auth.TokenSigner;
import io.hatchet4j.engine.internal.model.ApiTokenRecord;
import io.hatchet4j.engine.internal.model.TenantRecord;
import io.hatchet4j.engine.internal.store.EngineStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the engine from the command line: {@code java -jar hatchet4j-engine.jar dev [options]}.
 *
 * <p>Prints where the engine listens and the environment an SDK needs, then runs until Ctrl-C or
 * SIGTERM, when it shuts down cleanly. {@code tokens list|create|revoke --db-file PATH} manages the
 * API tokens of a stopped engine's database. Exits with 2 on bad arguments.
 */
public final class Main {
  static final String USAGE = String.join(System.lineSeparator(),
      "Usage: java -jar hatchet4j-engine.jar dev [options]",
      "       java -jar hatchet4j-engine.jar tokens list|create|revoke --db-file PATH [options]",
      "",
      "Runs a Hatchet-compatible engine for development.",
      "",
      "Options of dev:",
      "  --grpc-port N    gRPC port, 0 for a free one (default " + EngineOptions.DEFAULT_GRPC_PORT + ")",
      "  --http-port N    HTTP port, 0 for a free one (default " + EngineOptions.DEFAULT_HTTP_PORT + ")",
      "  --host H         address to bind (default " + EngineOptions.DEFAULT_HOST + ")",
      "  --db-file PATH   keep state in this file across restarts (default: in memory)",
      "  --retention D    keep finished runs, events and traces this long after their creation,",
      "                   such as 7d, 12h or 30m (default 30d)",
      "  --forward-otlp HOST:PORT",
      "                   also send every span export to this OTLP/gRPC endpoint",
      "  --otel-endpoint URL",
      "                   export spans of the engine's own work (gRPC calls, REST requests,",
      "                   scheduling) to this OTLP endpoint; off unless this or the standard",
      "                   OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT (or upstream's",
      "                   SERVER_OTEL_COLLECTOR_URL) is set; OTEL_SDK_DISABLED=true turns it off",
      "  --otel-protocol grpc|http/protobuf",
      "                   OTLP transport (default OTEL_EXPORTER_OTLP_PROTOCOL, else http/protobuf)",
      "  --otel-headers K=V,...",
      "                   headers of every export, added to OTEL_EXPORTER_OTLP_HEADERS",
      "  --otel-service-name NAME",
      "                   service.name of those spans (default OTEL_SERVICE_NAME, else "
          + SelfTracingOptions.DEFAULT_SERVICE_NAME + ")",
      "  --max-payload SIZE",
      "                   largest gRPC message, HTTP body and run input, such as 4MiB",
      "                   or 1048576 (default 4MiB)",
      "  --heartbeat-timeout DURATION",
      "                   how long a worker may be silent before its tasks move (default 30s)",
      "  --token-lifetime DURATION",
      "                   how long new API tokens are valid (default 2160h, 90 days)",
      "  -h, --help       show this help",
      "",
      "API tokens of a database file, while no engine has it open (a running engine",
      "serves the same over REST: GET/POST /api/v1/tenants/{tenant}/api-tokens,",
      "POST /api/v1/api-tokens/{id} to revoke):",
      "  tokens list --db-file PATH              tokens that are not revoked, all tenants",
      "  tokens create --db-file PATH [--name N] [--tenant ID] [--expires-in DURATION]",
      "                [--host H] [--grpc-port N] [--http-port N]",
      "                                          prints a new token (default tenant: the",
      "                                          oldest; addresses: the dev defaults)",
      "  tokens revoke --db-file PATH TOKEN_ID   refused from now on, also after restarts");

  /**
   * grpc-java logs every oversized or undecodable message with a stack trace (java.util.logging,
   * WARNING); the client already gets the status that says what is wrong. Held so it stays set.
   */
  private static final java.util.logging.Logger GRPC_STREAM_LOG =
      java.util.logging.Logger.getLogger("io.grpc.netty.shaded.io.grpc.netty.NettyServerStream");

  private Main() {}

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("tokens")) {
      System.exit(tokens(args, System.out, System.err));
      return;
    }
    EngineOptions options;
    try {
      options = parse(args, System.getenv());
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
    return parse(args, Map.of());
  }

  /** Same, with the environment the engine's own tracing is read from ({@code OTEL_*}). */
  static EngineOptions parse(String[] args, Map<String, String> env) {
    for (String arg : args) {
      if (arg.equals("-h") || arg.equals("--help") || arg.equals("help")) {
        throw new HelpRequested();
      }
    }
    if (args.length == 0) {
      throw new IllegalArgumentException("missing command: the commands are 'dev' and 'tokens'");
    }
    if (!args[0].equals("dev")) {
      throw new IllegalArgumentException("unknown command '" + args[0] + "': the commands are 'dev' and 'tokens'");
    }
    EngineOptions.Builder options = EngineOptions.builder();
    Map<String, String> otelFlags = new LinkedHashMap<>();
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
        case "--max-payload":
          options.setMaxMessageSize(size(name, value));
          break;
        case "--heartbeat-timeout":
          options.setHeartbeatTimeout(duration(name, value));
          break;
        case "--token-lifetime":
          options.setTokenLifetime(duration(name, value));
          break;
        case "--retention":
          options.setRetention(retention(name, value));
          break;
        case "--otel-endpoint":
        case "--otel-protocol":
        case "--otel-headers":
        case "--otel-service-name":
          otelFlags.put(name, required(name, value));
          break;
        default:
          throw new IllegalArgumentException("unknown option '" + name + "'");
      }
    }
    options.setSelfTracing(selfTracing(otelFlags, env));
    return options.build();
  }

  /** The engine's own tracing from the {@code --otel-*} flags over the environment; null when off. */
  private static SelfTracingOptions selfTracing(Map<String, String> flags, Map<String, String> env) {
    SelfTracingOptions fromEnv = SelfTracingOptions.fromEnvironment(env).orElse(null);
    SelfTracingOptions.Builder builder;
    if (flags.containsKey("--otel-endpoint")) {
      builder = SelfTracingOptions.builder(flags.get("--otel-endpoint"));
      if (fromEnv != null) {
        builder.setProtocol(fromEnv.protocol()).setServiceName(fromEnv.serviceName());
        fromEnv.headers().forEach(builder::addHeader);
      }
    } else if (fromEnv != null) {
      builder = fromEnv.toBuilder();
    } else if (!flags.isEmpty()) {
      throw new IllegalArgumentException(flags.keySet().iterator().next()
          + " needs --otel-endpoint (or OTEL_EXPORTER_OTLP_ENDPOINT)");
    } else {
      return null;
    }
    if (flags.containsKey("--otel-protocol")) {
      builder.setProtocol(SelfTracingOptions.Protocol.of(flags.get("--otel-protocol")));
    }
    if (flags.containsKey("--otel-headers")) {
      SelfTracingOptions.parseHeaders(flags.get("--otel-headers")).forEach(builder::addHeader);
    }
    if (flags.containsKey("--otel-service-name")) {
      builder.setServiceName(flags.get("--otel-service-name"));
    }
    return builder.build();
  }

  /**
   * Runs {@code tokens list|create|revoke}; returns the exit code.
   */
  static int tokens(String[] args, PrintStream out, PrintStream err) {
    String action = args.length > 1 ? args[1] : "";
    Map<String, String> flags = new LinkedHashMap<>();
    List<String> positional = new ArrayList<>();
    try {
      if (!List.of("list", "create", "revoke").contains(action)) {
        throw new IllegalArgumentException("tokens needs list, create or revoke");
      }
      for (int i = 2; i < args.length; i++) {
        String arg = args[i];
        if (!arg.startsWith("--")) {
          positional.add(arg);
          continue;
        }
        int eq = arg.indexOf('=');
        if (eq > 0) {
          flags.put(arg.substring(0, eq), arg.substring(eq + 1));
        } else {
          flags.put(arg, required(arg, i + 1 < args.length ? args[++i] : null));
        }
      }
      List<String> known = List.of("--db-file", "--name", "--tenant", "--expires-in", "--host", "--grpc-port",
          "--http-port", "--token-lifetime");
      for (String flag : flags.keySet()) {
        if (!known.contains(flag)) {
          throw new IllegalArgumentException("unknown option '" + flag + "'");
        }
      }
      if (!flags.containsKey("--db-file")) {
        throw new IllegalArgumentException("tokens " + action + " needs --db-file PATH");
      }
      if (action.equals("revoke") ? positional.size() != 1 : !positional.isEmpty()) {
        throw new IllegalArgumentException(action.equals("revoke") ? "tokens revoke needs one token id"
            : "unexpected argument '" + positional.get(0) + "'");
      }
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.println("Run with --help for usage.");
      return 2;
    }
    EngineStore store;
    try {
      store = EngineStore.open(Path.of(flags.get("--db-file")));
    } catch (RuntimeException e) {
      err.println("error: " + e.getMessage() + " (a running engine keeps its file locked: use its REST routes)");
      return 1;
    }
    try (store) {
      Map<String, TenantRecord> tenants = new LinkedHashMap<>();
      store.tenants().values().stream().sorted(Comparator.comparingLong(TenantRecord::createdAtMs))
          .forEach(t -> tenants.put(t.id(), t));
      Duration lifetime = flags.containsKey("--token-lifetime")
          ? duration("--token-lifetime", flags.get("--token-lifetime")) : EngineOptions.DEFAULT_TOKEN_LIFETIME;
      TokenRegistry registry = new TokenRegistry(new TokenSigner(store.signingSecret(), Clock.systemUTC()),
          store.apiTokens(), tenants::containsKey, Clock.systemUTC(), lifetime, store::commit);
      switch (action) {
        case "list":
          out.printf(Locale.ROOT, "%-36s  %-36s  %-20s  %s%n", "ID", "TENANT", "EXPIRES", "NAME");
          for (String tenantId : tenants.keySet()) {
            for (ApiTokenRecord r : registry.list(tenantId)) {
              out.printf(Locale.ROOT, "%-36s  %-36s  %-20s  %s%n", r.id(), r.tenantId(),
                  Instant.ofEpochMilli(r.expiresAtMs()), r.name());
            }
          }
          return 0;
        case "create":
          String tenantId = flags.containsKey("--tenant") ? Ids.canonicalOrNull(flags.get("--tenant"))
              : tenants.keySet().stream().findFirst().orElse(null);
          if (tenantId == null || !tenants.containsKey(tenantId)) {
            err.println("error: " + (flags.containsKey("--tenant") ? "no tenant " + flags.get("--tenant")
                : "the database has no tenant yet: start the engine on it once"));
            return 1;
          }
          String host = flags.getOrDefault("--host", EngineOptions.DEFAULT_HOST);
          registry.advertise("http://" + host + ":" + port("--http-port",
              flags.getOrDefault("--http-port", Integer.toString(EngineOptions.DEFAULT_HTTP_PORT))),
              host + ":" + port("--grpc-port",
                  flags.getOrDefault("--grpc-port", Integer.toString(EngineOptions.DEFAULT_GRPC_PORT))));
          Duration validFor = flags.containsKey("--expires-in") ? duration("--expires-in", flags.get("--expires-in"))
              : null;
          out.println(registry.issue(tenantId, flags.getOrDefault("--name", "cli"), validFor).token());
          return 0;
        default:
          String id = positional.get(0);
          ApiTokenRecord record = registry.find(id).orElse(null);
          if (record == null) {
            err.println("error: no API token with id " + id);
            return 1;
          }
          registry.revoke(record.tenantId(), id);
          out.println("revoked " + record.id());
          return 0;
      }
    } catch (IllegalArgumentException | EngineException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
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

  private static Duration duration(String name, String value) {
    String text = required(name, value);
    try {
      Duration d = Durations.parse(text, name);
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException(name + " must be positive, got '" + text + "'");
      }
      return d;
    } catch (EngineException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  /** Bytes: a number, or one followed by KiB, MiB (also KB, MB, K, M as powers of 1024). */
  static int size(String name, String value) {
    String text = required(name, value).strip();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)(\\d+)\\s*(b|k|kb|kib|m|mb|mib)?").matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(name + " must be a size such as 4MiB or 1048576, got '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
    long bytes = unit.startsWith("k") ? n << 10 : unit.startsWith("m") ? n << 20 : n;
    if (bytes > Integer.MAX_VALUE - 1024) {
      throw new IllegalArgumentException(name + " is too large: " + text);
    }
    return (int) bytes;
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
    engine.options().selfTracing().ifPresent(t -> out.println("  own spans: " + t.endpoint() + " ("
        + t.protocol().value() + ", service " + t.serviceName() + ")"));
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
    setDefault("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
    GRPC_STREAM_LOG.setLevel(java.util.logging.Level.SEVERE);
  }

  private static void setDefault(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
