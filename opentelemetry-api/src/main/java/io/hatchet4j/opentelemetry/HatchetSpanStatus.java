package io.hatchet4j.opentelemetry;

import static java.util.Objects.requireNonNull;

import io.opentelemetry.api.trace.StatusCode;

/**
 * The status a Hatchet span ends with.
 *
 * @param code the status code
 * @param description why, for {@link StatusCode#ERROR}; null otherwise
 */
public record HatchetSpanStatus(StatusCode code, String description) {

  /** No status: the default for a call that succeeded, other than a task attempt. */
  public static final HatchetSpanStatus UNSET = new HatchetSpanStatus(StatusCode.UNSET, null);

  /** OK: the default for a task attempt that succeeded. */
  public static final HatchetSpanStatus OK = new HatchetSpanStatus(StatusCode.OK, null);

  public HatchetSpanStatus {
    requireNonNull(code, "code");
  }

  /** An ERROR status with {@code description}. */
  public static HatchetSpanStatus error(String description) {
    return new HatchetSpanStatus(StatusCode.ERROR, description);
  }
}
