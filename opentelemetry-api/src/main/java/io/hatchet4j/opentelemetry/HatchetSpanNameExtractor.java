package io.hatchet4j.opentelemetry;

/**
 * Names the span of a Hatchet call.
 *
 * <pre>{@code
 * HatchetTelemetry.builder(openTelemetry)
 *     .setSpanNameExtractor((request, defaultName) ->
 *         request.operation() == HatchetOperation.START_STEP_RUN ? "task " + request.destination() : defaultName)
 *     .build();
 * }</pre>
 *
 * <p>Called on the calling thread before the span starts; must be fast and thread-safe. Should it
 * throw or return null or an empty name, the default name is used.
 */
@FunctionalInterface
public interface HatchetSpanNameExtractor {

  /**
   * The span's name.
   *
   * @param request the call
   * @param defaultName the name the instrumentation would give it, e.g. {@code hatchet.start_step_run}
   *     (or {@code hatchet.start_step_run.<action>} with the task-name option)
   */
  String extract(HatchetRequest request, String defaultName);
}
