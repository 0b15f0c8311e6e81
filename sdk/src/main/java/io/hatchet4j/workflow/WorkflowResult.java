package io.hatchet4j.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The outputs of a finished multi-task workflow run, by task.
 *
 * <p>Immutable. Standalone (single-task) workflows return their task's output directly instead.
 */
public interface WorkflowResult {

  /** The output of {@code task}, converted to its declared output type. */
  <O> O output(Task<?, O> task);

  /** The output of the task named {@code taskName}, converted to {@code type}. */
  <O> O output(String taskName, Class<O> type);

  /** Every task's raw JSON output, by task name. */
  Map<String, JsonNode> outputs();
}
