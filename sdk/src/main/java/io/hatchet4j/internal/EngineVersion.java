package io.hatchet4j.internal;

import io.grpc.Status;
import io.hatchet4j.HatchetException;
import io.hatchet4j.proto.dispatcher.GetVersionRequest;

/**
 * The engine's version, which tells which protocol paths it implements, as the official SDKs read
 * it. Not public API.
 */
final class EngineVersion {
  /** The first engine version with the {@code DurableTask} stream. */
  static final String DURABLE_STREAM = "v0.80.0";

  private EngineVersion() {}

  /** Fails with a clear message when the engine is older than {@code minimum} needs for {@code feature}. */
  static void requireAtLeast(Connection connection, String minimum, String feature) {
    String version;
    try {
      version = connection.dispatcherBlocking().getVersion(GetVersionRequest.getDefaultInstance()).getVersion();
    } catch (RuntimeException e) {
      if (Status.fromThrowable(e).getCode() == Status.Code.UNIMPLEMENTED) {
        version = "v0.0.0";
      } else {
        throw GrpcErrors.translate(e, "reading the engine's version");
      }
    }
    if (compare(version, minimum) < 0) {
      throw new HatchetException(feature + " need an engine at " + minimum + " or later; this engine is " + version);
    }
  }

  /** Compares {@code vMAJOR.MINOR.PATCH} versions; anything unparsable sorts as newest. */
  static int compare(String left, String right) {
    int[] a = parse(left);
    int[] b = parse(right);
    if (a == null || b == null) {
      return a == null ? 1 : -1;
    }
    for (int i = 0; i < 3; i++) {
      if (a[i] != b[i]) {
        return Integer.compare(a[i], b[i]);
      }
    }
    return 0;
  }

  private static int[] parse(String version) {
    String core = version.startsWith("v") ? version.substring(1) : version;
    int dash = core.indexOf('-');
    if (dash >= 0) {
      core = core.substring(0, dash);
    }
    String[] parts = core.split("\\.");
    if (parts.length != 3) {
      return null;
    }
    try {
      return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
