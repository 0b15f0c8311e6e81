package io.hatchet4j.interceptor;

import io.hatchet4j.workflow.TaskContext;

/**
 * One attempt of a task on this worker, as an interceptor sees it.
 *
 * @param action what the engine assigned
 * @param context the context the task's handler receives
 */
public record TaskRun(ActionInfo action, TaskContext context) {}
