package io.hatchet4j.features;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pushed event and the runs it started (upstream's {@code V1Event}).
 *
 * @param key the event key, namespace included
 * @param scope null if it was pushed without one
 * @param runCounts how many of the runs it started are in each state
 * @param triggeredRunIds the workflow runs it started
 */
public record EventInfo(
    String id,
    String key,
    Payload payload,
    Map<String, String> additionalMetadata,
    String scope,
    Instant seenAt,
    RunCounts runCounts,
    List<String> triggeredRunIds) {

  /** The runs an event started, counted by state. */
  public record RunCounts(int queued, int running, int succeeded, int failed, int cancelled) {}

  public EventInfo {
    additionalMetadata = Map.copyOf(additionalMetadata);
    triggeredRunIds = List.copyOf(triggeredRunIds);
  }

  public Optional<String> scopeIfAny() {
    return Optional.ofNullable(scope);
  }
}
