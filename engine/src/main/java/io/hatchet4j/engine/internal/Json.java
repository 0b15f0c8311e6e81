package io.hatchet4j.engine.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import javax.annotation.Nullable;

/**
 * The engine's one JSON mapper and the checks it applies to user JSON. Not public API.
 *
 * <p>JSON may nest objects and arrays at most {@link #MAX_DEPTH} levels deep; deeper input is
 * refused with INVALID_ARGUMENT saying so, well before walking it could exhaust a thread's stack.
 *
 * <p>Thread-safe.
 */
public final class Json {
  /** The deepest nesting of objects and arrays accepted in any JSON the engine reads. */
  public static final int MAX_DEPTH = 256;

  private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
          .build())
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      // "{} junk" is not an object: the SDKs' parsers would reject it later, so reject it now.
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      // Deterministic text, so equal definitions get equal fingerprints in every JVM.
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .build();

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Returns {@code text} in compact form if it is a JSON object; blank text counts as {@code {}}.
   *
   * @throws EngineException INVALID_ARGUMENT naming {@code field} otherwise
   */
  public static String requireObject(@Nullable String text, String field) {
    if (text == null || text.isBlank()) {
      return "{}";
    }
    return requireObjectNode(text, field).toString();
  }

  /**
   * Parses {@code text} as one JSON object.
   *
   * @throws EngineException INVALID_ARGUMENT naming {@code field} if it is not one, or nests
   *     deeper than {@link #MAX_DEPTH}
   */
  public static ObjectNode requireObjectNode(String text, String field) {
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (StreamConstraintsException e) {
      throw EngineException.invalidArgument(field + " nests deeper than " + MAX_DEPTH + " levels");
    } catch (JsonProcessingException e) {
      node = null;
    }
    if (!(node instanceof ObjectNode)) {
      throw EngineException.invalidArgument(field + " must be a JSON object");
    }
    return (ObjectNode) node;
  }

  /** Returns the parsed object, or null if {@code text} is not exactly one JSON object. */
  @Nullable
  public static ObjectNode parseObjectOrNull(@Nullable String text) {
    JsonNode node = text == null ? null : parseOrNull(text);
    return node instanceof ObjectNode ? (ObjectNode) node : null;
  }

  /** Parses JSON the engine wrote itself, so a failure is a bug. */
  public static JsonNode parseTrusted(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static <T> T read(String text, Class<T> type) {
    try {
      return MAPPER.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ObjectNode newObject() {
    return MAPPER.createObjectNode();
  }

  @Nullable
  private static JsonNode parseOrNull(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
