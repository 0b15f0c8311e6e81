package io.hatchet4j.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hatchet4j.HatchetException;
import io.hatchet4j.workflow.Condition;
import io.hatchet4j.workflow.WaitResult;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the engine's report of a finished wait: {@code {"CREATE": {"<key>": [<data>, ...]}}}.
 * Not public API.
 */
final class RealWaitResult implements WaitResult {
  private final JsonNode raw;
  private final JsonNode byKey;
  private final ObjectMapper mapper;

  RealWaitResult(JsonNode raw, ObjectMapper mapper) {
    this.raw = raw;
    this.mapper = mapper;
    // Conditions are reported under the action they trigger; a wait's conditions only create.
    this.byKey = raw.has("CREATE") ? raw.get("CREATE") : raw;
  }

  @Override
  public Set<String> satisfied() {
    Set<String> keys = new LinkedHashSet<>();
    byKey.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  @Override
  public boolean satisfied(Condition condition) {
    if (condition instanceof Condition.AnyOf any) {
      return any.conditions().stream().anyMatch(this::satisfied);
    }
    return byKey.has(Conditions.readableKey(condition));
  }

  @Override
  public <P> Optional<P> eventPayload(String eventKey, Class<P> type) {
    JsonNode data = byKey.get(eventKey);
    if (data == null || data.isNull()) {
      return Optional.empty();
    }
    JsonNode payload = data.isArray() ? data.path(data.size() - 1) : data;
    try {
      return Optional.ofNullable(mapper.treeToValue(payload, type));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new HatchetException("payload of event " + eventKey + " cannot be read as " + type.getName() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public JsonNode raw() {
    return raw;
  }

  @Override
  public String toString() {
    return "WaitResult" + satisfied();
  }
}
