package io.hatchet4j.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.hatchet4j.EngineException;
import java.util.Optional;

/**
 * Turns a workflow name into the engine's workflow id, as the official SDKs do: the workflow
 * listing searched by the namespaced name, then the exact match. Not public API; thread-safe.
 */
final class WorkflowLookup {
  private final ClientRuntime runtime;

  WorkflowLookup(ClientRuntime runtime) {
    this.runtime = runtime;
  }

  /** The listing row of the workflow named {@code name} (namespace applied), if registered. */
  Optional<JsonNode> find(String name) {
    String namespaced = runtime.config().applyNamespace(name);
    RestClient rest = runtime.rest();
    JsonNode list = rest.get(rest.tenantPath("/workflows" + new RestQuery().add("name", namespaced)),
        "looking up workflow " + namespaced);
    for (JsonNode row : list.path("rows")) {
      if (row.path("name").asText().equals(namespaced)) {
        return Optional.of(row);
      }
    }
    return Optional.empty();
  }

  /**
   * The id of the workflow named {@code name}.
   *
   * @throws EngineException NOT_FOUND if it is not registered
   */
  String id(String name) {
    return find(name)
        .map(RestRows::id)
        .orElseThrow(() -> new EngineException("NOT_FOUND",
            "workflow " + runtime.config().applyNamespace(name) + " is not registered with the engine", null));
  }
}
