package io.hatchet4j.engine.internal;

import javax.annotation.Nullable;

/**
 * The engine's one payload limit, the same on every path: the largest gRPC message, the largest
 * HTTP request body, and (less a little room for the envelope) the largest input and additional
 * metadata of a run, schedule, cron or event, so nothing is accepted that a worker could not
 * receive.
 *
 * <p>Not public API. Immutable.
 */
public final class PayloadLimit {
  /**
   * Bytes kept for what surrounds an input in the action a worker receives (ids, names, the payload's
   * own keys): 64 KiB, or a quarter of a smaller limit.
   */
  public static final int ENVELOPE_BYTES = 64 * 1024;

  private final int maxBytes;
  private final int envelope;

  public PayloadLimit(int maxBytes) {
    if (maxBytes < 1024) {
      throw new IllegalArgumentException("payload limit must be at least 1024 bytes, got " + maxBytes);
    }
    this.maxBytes = maxBytes;
    this.envelope = Math.min(ENVELOPE_BYTES, maxBytes / 4);
  }

  /** The limit in bytes. */
  public int maxBytes() {
    return maxBytes;
  }

  /** How much input and additional metadata together may take. */
  public int maxInputBytes() {
    return maxBytes - envelope;
  }

  /**
   * Refuses an input and metadata that together exceed {@link #maxInputBytes()}.
   *
   * @param what what carries them, such as {@code "the run"} or {@code "event 3"}
   * @throws EngineException INVALID_ARGUMENT naming the limit
   */
  public void check(String what, @Nullable String input, @Nullable String metadata) {
    long size = utf8Length(input) + utf8Length(metadata);
    if (size > maxInputBytes()) {
      throw EngineException.invalidArgument(tooLarge(what, size));
    }
  }

  /** The same, for sizes already known in bytes. */
  public void check(String what, long inputBytes, long metadataBytes) {
    long size = inputBytes + metadataBytes;
    if (size > maxInputBytes()) {
      throw EngineException.invalidArgument(tooLarge(what, size));
    }
  }

  private String tooLarge(String what, long size) {
    return "input and additional metadata of " + what + " take " + size + " bytes, over the " + maxInputBytes()
        + " that fit in the payload limit of " + maxBytes + " bytes (" + human(maxBytes)
        + ") a worker can receive";
  }

  /** {@code 4 MiB}, {@code 512 KiB}, or bytes when not a whole number of either. */
  public static String human(long bytes) {
    if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
      return (bytes >> 20) + " MiB";
    }
    if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) {
      return (bytes >> 10) + " KiB";
    }
    return bytes + " bytes";
  }

  /** UTF-8 length of a string without encoding it. */
  static long utf8Length(@Nullable String s) {
    if (s == null) {
      return 0;
    }
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
