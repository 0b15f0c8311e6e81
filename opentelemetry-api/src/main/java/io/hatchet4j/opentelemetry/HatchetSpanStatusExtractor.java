package io.hatchet4j.opentelemetry;

/**
 * Decides the status a Hatchet span ends with, for example so that a business outcome a task
 * reports by throwing is not an error.
 *
 * <pre>{@code
 * HatchetTelemetry.builder(openTelemetry)
 *     .setSpanStatusExtractor((request, response, error, defaultStatus) ->
 *         error instanceof OutOfStockException ? HatchetSpanStatus.UNSET : defaultStatus)
 *     .build();
 * }</pre>
 *
 * <p>The defaults: a failed call is ERROR with the exception's message; a task attempt that
 * succeeded is OK; any other call that succeeded, and a task attempt that was cancelled, is UNSET.
 * A failure is recorded as an exception event whatever the status (except on a cancelled task).
 * Called on the calling thread; must be fast and thread-safe. Should it throw or return null, the
 * default status is used.
 */
@FunctionalInterface
public interface HatchetSpanStatusExtractor {

  /**
   * The span's status.
   *
   * @param request the call
   * @param response what the call returned, null on failure (see {@link
   *     HatchetAttributesExtractor#onEnd})
   * @param error what the call threw, or null
   * @param defaultStatus the status the instrumentation would set
   */
  HatchetSpanStatus extract(HatchetRequest request, Object response, Throwable error, HatchetSpanStatus defaultStatus);
}
