package io.hatchet4j.features;

import java.time.Instant;

/**
 * A workflow registered with the engine (upstream's {@code Workflow}).
 *
 * @param id the engine's id, stable across versions
 * @param name the name, namespace included
 * @param description empty if it has none
 * @param version the newest version's label, empty if it has none
 */
public record WorkflowInfo(
    String id, String name, String description, String version, boolean paused, Instant createdAt, Instant updatedAt) {}
