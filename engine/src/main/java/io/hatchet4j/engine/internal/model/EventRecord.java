package io.hatchet4j.engine.internal.model;

import java.util.List;
import javax.annotation.Nullable;

/** A pushed user event and the runs it started. Not public API. */
public record EventRecord(
    String id,
    String tenantId,
    String key,
    String payload,
    String additionalMetadata,
    @Nullable String scope,
    @Nullable Integer priority,
    long createdAtMs,
    List<String> triggeredRunIds) {

  public EventRecord {
    triggeredRunIds = List.copyOf(triggeredRunIds);
  }
}
