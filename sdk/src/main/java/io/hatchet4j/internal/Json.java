package io.hatchet4j.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON conventions shared by client and worker. Not public API. */
public final class Json {
  private static final ObjectMapper PLAIN = new ObjectMapper();

  private Json() {}

  /**
   * The mapper used when the application supplies none: Java time and Optional support, ISO
   * dates, and tolerance of unknown properties (engines and other SDKs add fields).
   */
  public static ObjectMapper defaultMapper() {
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .addModule(new Jdk8Module())
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .build();
  }

  /**
   * Serializes {@code value} as a JSON object, as the engine requires of inputs and outputs.
   *
   * @throws IllegalArgumentException if it does not serialize to an object
   */
  public static ObjectNode toObject(ObjectMapper mapper, Object value, String what) {
    if (value == null) {
      return mapper.createObjectNode();
    }
    JsonNode tree;
    try {
      tree = mapper.valueToTree(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " cannot be serialized to JSON: " + e.getMessage(), e);
    }
    if (tree == null || tree.isNull()) {
      return mapper.createObjectNode();
    }
    if (!tree.isObject()) {
      throw new IllegalArgumentException(
          what
              + " must serialize to a JSON object, got "
              + tree.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)
              + " from "
              + value.getClass().getName());
    }
    return (ObjectNode) tree;
  }

  /** Compact JSON text of a tree. */
  public static String text(JsonNode node) {
    try {
      return PLAIN.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
  }

  /** JSON object text of string metadata. */
  public static String metadataText(Map<String, String> metadata) {
    try {
      return PLAIN.writeValueAsString(metadata);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("metadata could not be written", e);
    }
  }

  /**
   * Reads the engine's additional metadata leniently: absent, empty or malformed text gives an
   * empty map, and non-string values are kept as their JSON text, so that no metadata written by
   * another SDK can fail a task.
   */
  public static Map<String, String> parseMetadata(String text) {
    if (text == null || text.isBlank()) {
      return Map.of();
    }
    JsonNode tree;
    try {
      tree = PLAIN.readTree(text);
    } catch (JsonProcessingException e) {
      return Map.of();
    }
    if (tree == null || !tree.isObject()) {
      return Map.of();
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    tree.properties()
        .forEach(
            field -> {
              JsonNode value = field.getValue();
              if (!value.isNull()) {
                metadata.put(field.getKey(), value.isTextual() ? value.asText() : value.toString());
              }
            });
    return Collections.unmodifiableMap(metadata);
  }

  /** Parses JSON text into a tree; empty text is an empty object. */
  public static JsonNode parse(String text) throws JsonProcessingException {
    if (text == null || text.isEmpty()) {
      return PLAIN.createObjectNode();
    }
    return PLAIN.readTree(text);
  }
}
