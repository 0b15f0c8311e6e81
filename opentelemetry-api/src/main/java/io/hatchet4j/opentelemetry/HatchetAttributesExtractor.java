package io.hatchet4j.opentelemetry;

import io.opentelemetry.api.common.AttributesBuilder;

/**
 * Adds attributes of your own to the span of a Hatchet call: from its input and metadata when it
 * starts, from its output or failure when it ends.
 *
 * <pre>{@code
 * HatchetTelemetry.builder(openTelemetry)
 *     .addAttributesExtractor(new HatchetAttributesExtractor() {
 *       public void onStart(AttributesBuilder attributes, HatchetRequest request) {
 *         String tenant = request.additionalMetadata().get("customer");
 *         if (tenant != null) attributes.put("app.customer", tenant);
 *       }
 *     })
 *     .build();
 * }</pre>
 *
 * <p>Attributes added in {@link #onStart} are on the span from its start, so samplers see them.
 * Called on the calling thread; must be fast and thread-safe. Should it throw, the span keeps what
 * it had and the call is not affected.
 */
public interface HatchetAttributesExtractor {

  /** Adds attributes when the call starts. */
  void onStart(AttributesBuilder attributes, HatchetRequest request);

  /**
   * Adds attributes when the call ends.
   *
   * @param response what the call returned: the new run id (a {@code String}), the ids of bulk or
   *     scheduled runs or pushed events (a {@code List<String>}), the task's output before
   *     serialization, what satisfied a durable wait (a {@code JsonNode}); null on failure
   * @param error what the call threw, or null
   */
  default void onEnd(AttributesBuilder attributes, HatchetRequest request, Object response, Throwable error) {}
}
