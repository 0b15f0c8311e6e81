package io.hatchet4j.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** The errors an on-failure task receives: the action payload's {@code step_run_errors}. Not public API. */
final class TaskRunErrors {
  private TaskRunErrors() {}

  /** Error text by task name; empty when the payload has none (any task but an on-failure one). */
  static Map<String, String> of(String actionPayload) {
    Map<String, String> errors = new LinkedHashMap<>();
    try {
      Json.parse(actionPayload).path("step_run_errors").properties()
          .forEach(e -> errors.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
    } catch (JsonProcessingException | RuntimeException e) {
      // A payload that does not parse has no errors to offer; its input reports the problem.
    }
    return java.util.Collections.unmodifiableMap(errors);
  }
}
