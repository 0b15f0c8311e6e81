package io.hatchet4j.features;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hatchet4j.HatchetException;

/**
 * A JSON value the engine returned (a run's input or output, an event's payload), converted to a
 * Java type on demand with the client's object mapper.
 *
 * <p>Immutable. Two payloads are equal when their JSON text is.
 */
public final class Payload {
  private final String json;
  private final ObjectMapper mapper;

  private Payload(String json, ObjectMapper mapper) {
    this.json = json;
    this.mapper = mapper;
  }

  /** A payload of JSON text, converted by {@code mapper}. Mostly for tests. */
  public static Payload of(String json, ObjectMapper mapper) {
    return new Payload(requireNonNull(json, "json"), requireNonNull(mapper, "mapper"));
  }

  /** The JSON text, {@code {}} for an empty object. */
  public String json() {
    return json;
  }

  /** Whether it is an empty JSON object or null. */
  public boolean isEmpty() {
    String text = json.strip();
    return text.equals("{}") || text.equals("null") || text.isEmpty();
  }

  /**
   * Converts it to {@code type}.
   *
   * @throws HatchetException if the JSON does not fit the type
   */
  public <T> T as(Class<T> type) {
    try {
      return mapper.readValue(json, requireNonNull(type, "type"));
    } catch (JsonProcessingException e) {
      throw new HatchetException("cannot read " + json + " as " + type.getName() + ": " + e.getOriginalMessage(), e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Payload && ((Payload) other).json.equals(json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  @Override
  public String toString() {
    return json;
  }
}
