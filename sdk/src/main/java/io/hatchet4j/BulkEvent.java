package io.hatchet4j;

import static java.util.Objects.requireNonNull;

/**
 * One event of a bulk push.
 *
 * @param key the event key
 * @param payload the payload, which must serialize to a JSON object
 * @param options metadata, priority and scope
 */
public record BulkEvent(String key, Object payload, PushOptions options) {
  public BulkEvent {
    requireNonNull(key, "key");
    requireNonNull(options, "options");
  }

  public static BulkEvent of(String key, Object payload) {
    return new BulkEvent(key, payload, PushOptions.defaults());
  }
}
