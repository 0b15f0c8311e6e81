package io.hatchet4j.internal;

import com.google.protobuf.Timestamp;
import java.time.Instant;

/** Conversions between protobuf timestamps and instants. Not public API. */
final class Timestamps {
  private Timestamps() {}

  static Timestamp of(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
  }

  static Timestamp now() {
    return of(Instant.now());
  }

  static Instant toInstant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
