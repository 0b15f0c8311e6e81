package io.hatchet4j.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hatchet4j.HatchetException;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.WorkflowResult;
import java.util.Map;

/** Task outputs of a finished run, converted on demand. Not public API. */
final class RealWorkflowResult implements WorkflowResult {
  private final Map<String, JsonNode> outputs;
  private final ObjectMapper mapper;

  RealWorkflowResult(Map<String, JsonNode> outputs, ObjectMapper mapper) {
    this.outputs = Map.copyOf(outputs);
    this.mapper = mapper;
  }

  @Override
  public <O> O output(Task<?, O> task) {
    return output(task.name(), task.outputType());
  }

  @Override
  public <O> O output(String taskName, Class<O> type) {
    return convert(mapper, outputs, taskName, type, "workflow result");
  }

  @Override
  public Map<String, JsonNode> outputs() {
    return outputs;
  }

  /** Converts the output of {@code taskName} in {@code outputs}; shared with the task context. */
  static <O> O convert(ObjectMapper mapper, Map<String, JsonNode> outputs, String taskName, Class<O> type, String where) {
    JsonNode output = outputs.get(taskName);
    if (output == null) {
      throw new IllegalArgumentException(where + " has no output of task " + taskName + "; it has " + outputs.keySet());
    }
    try {
      return mapper.treeToValue(output, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new HatchetException(
          "output of task " + taskName + " cannot be read as " + type.getName() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "WorkflowResult" + outputs;
  }
}
