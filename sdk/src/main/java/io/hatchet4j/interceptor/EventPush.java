package io.hatchet4j.interceptor;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An event to push, as it will go on the wire.
 *
 * @param key the event key, namespace included
 * @param payload the payload as JSON object text
 * @param additionalMetadata metadata stored with the event and the runs it starts
 * @param priority 1 to 3 for the runs it starts, or {@code null}
 * @param scope the filter scope, or {@code null}
 */
public record EventPush(String key, String payload, Map<String, String> additionalMetadata, Integer priority, String scope) {

  public EventPush {
    requireNonNull(key, "key");
    requireNonNull(payload, "payload");
    additionalMetadata = Map.copyOf(requireNonNull(additionalMetadata, "additionalMetadata"));
  }

  /** A copy whose metadata is this one's with {@code entries} added, replacing equal keys. */
  public EventPush withAdditionalMetadata(Map<String, String> entries) {
    Map<String, String> merged = new LinkedHashMap<>(additionalMetadata);
    merged.putAll(entries);
    return new EventPush(key, payload, merged, priority, scope);
  }
}
