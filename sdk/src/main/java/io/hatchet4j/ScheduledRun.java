package io.hatchet4j;

import java.time.Instant;

/**
 * A run the engine will start at a future time.
 *
 * @param id the schedule's id, to list or delete it
 * @param workflowName the workflow, namespace included
 * @param triggerAt when the run starts
 */
public record ScheduledRun(String id, String workflowName, Instant triggerAt) {}
