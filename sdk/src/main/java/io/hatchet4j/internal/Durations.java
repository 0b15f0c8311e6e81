package io.hatchet4j.internal;

import java.time.Duration;

/** The engine's duration notation ({@code 90s}, {@code 5m}, {@code 2h}). Not public API. */
public final class Durations {
  private Durations() {}

  /** The largest whole unit that expresses {@code duration} exactly, as the official SDKs write it. */
  public static String format(Duration duration) {
    long seconds = duration.getSeconds();
    if (seconds % 3600 == 0) {
      return seconds / 3600 + "h";
    }
    if (seconds % 60 == 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }
}
