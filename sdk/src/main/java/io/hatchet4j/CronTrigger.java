package io.hatchet4j;

/**
 * A cron schedule on which the engine starts runs of a workflow.
 *
 * @param id the trigger's id, to delete it
 * @param name the trigger's name, unique per workflow
 * @param workflowName the workflow, namespace included
 * @param expression the cron expression (five fields, UTC)
 * @param enabled whether it fires
 */
public record CronTrigger(String id, String name, String workflowName, String expression, boolean enabled) {}
