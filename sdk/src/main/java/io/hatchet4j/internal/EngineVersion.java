package io.hatchet4j.internal;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hatchet4j.HatchetException;
import io.hatchet4j.proto.dispatcher.GetVersionRequest;
import java.util.Optional;

/**
 * The version the engine reports through {@code Dispatcher/GetVersion}, which tells which protocol
 * paths it implements, read as the official SDKs read it.
 *
 * <p>Like them: the version is {@code [v]MAJOR.MINOR.PATCH}, anything after a {@code -} ignored
 * ({@code v0.80.0-rc.1} is v0.80.0); a version that does not parse counts as v0.0.0, older than
 * every feature (development builds of the engine report {@code v0.1.0-alpha.0}, which parses as
 * v0.1.0 and is just as old); an engine without {@code GetVersion} ({@code UNIMPLEMENTED}) predates
 * all of them too. Immutable. Not public API.
 */
public final class EngineVersion {
  /** The first engine version that reads the worker's {@code slot_config}. */
  public static final String SLOT_CONFIG = "v0.78.23";
  /** The first engine version with the {@code DurableTask} stream, which durable tasks use. */
  public static final String DURABLE_STREAM = "v0.80.0";

  private final String reported;
  private final int[] parsed;

  private EngineVersion(String reported) {
    this.reported = reported;
    this.parsed = parse(reported);
  }

  /** The version an engine reported; {@code null} for an engine without {@code GetVersion}. */
  public static EngineVersion of(String reported) {
    return new EngineVersion(reported);
  }

  /**
   * Asks the engine; an engine that does not implement {@code GetVersion} gets a version of null,
   * older than every feature.
   *
   * @throws StatusRuntimeException for any other failure
   */
  static EngineVersion fetch(ClientRuntime runtime) throws Exception {
    try {
      return of(
          runtime.retrier().call(
              "reading the engine's version",
              Retrier.Replay.ALWAYS,
              () -> runtime.connection().dispatcherBlocking().getVersion(GetVersionRequest.getDefaultInstance()).getVersion()));
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        return of(null);
      }
      throw e;
    }
  }

  /** What the engine said, if it implements {@code GetVersion}. */
  public Optional<String> reported() {
    return Optional.ofNullable(reported);
  }

  /** Whether this engine is {@code minimum} or newer, as the official SDKs decide it. */
  public boolean isAtLeast(String minimum) {
    return compare(parsed, parse(minimum)) >= 0;
  }

  /**
   * Fails when the engine is older than {@code minimum}, which {@code feature} needs, with a
   * message naming both versions, the feature and the engine's address.
   */
  public void require(String minimum, String feature, String target) {
    if (!isAtLeast(minimum)) {
      throw new HatchetException(
          feature + " need Hatchet engine " + minimum + " or newer; the engine at " + target + " " + describe()
              + ". Upgrade the engine, or do without " + feature);
    }
  }

  /** How the engine's version reads in a message. */
  String describe() {
    if (reported == null) {
      return "does not report its version (it predates GetVersion)";
    }
    if (parse(reported) == null) {
      return "reports '" + reported + "', which is not a version (counted as v0.0.0, as the official SDKs count it)";
    }
    return "reports " + reported;
  }

  /** Compares two versions as the official SDKs do: unparsable ones count as v0.0.0. */
  static int compare(String left, String right) {
    return compare(parse(left), parse(right));
  }

  private static int compare(int[] a, int[] b) {
    int[] left = a == null ? new int[3] : a;
    int[] right = b == null ? new int[3] : b;
    for (int i = 0; i < 3; i++) {
      if (left[i] != right[i]) {
        return Integer.compare(left[i], right[i]);
      }
    }
    return 0;
  }

  /** {@code [v]MAJOR.MINOR.PATCH[-anything]} as three numbers, or null. */
  static int[] parse(String version) {
    if (version == null) {
      return null;
    }
    String core = version.strip();
    if (core.startsWith("v")) {
      core = core.substring(1);
    }
    int dash = core.indexOf('-');
    if (dash >= 0) {
      core = core.substring(0, dash);
    }
    String[] parts = core.split("\\.", -1);
    if (parts.length != 3) {
      return null;
    }
    int[] numbers = new int[3];
    for (int i = 0; i < 3; i++) {
      if (parts[i].isEmpty() || !parts[i].chars().allMatch(Character::isDigit)) {
        return null;
      }
      try {
        numbers[i] = Integer.parseInt(parts[i]);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return numbers;
  }

  @Override
  public String toString() {
    return reported == null ? "(no version)" : reported;
  }
}
