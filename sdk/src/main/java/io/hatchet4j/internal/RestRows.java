package io.hatchet4j.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hatchet4j.RunStatus;
import io.hatchet4j.features.Payload;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** Reads the fields of the engine's REST answers into the feature clients' values. Not public API. */
final class RestRows {
  private RestRows() {}

  /** The {@code metadata.id} every upstream resource carries. */
  static String id(JsonNode row) {
    return row.path("metadata").path("id").asText();
  }

  /** An RFC 3339 time, or null when absent. */
  static Instant time(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode() || node.asText().isBlank()) {
      return null;
    }
    return OffsetDateTime.parse(node.asText()).toInstant();
  }

  /** Text, or null when absent. */
  static String text(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode() ? null : node.asText();
  }

  static Duration millis(JsonNode node) {
    return node == null || !node.isNumber() ? null : Duration.ofMillis(node.asLong());
  }

  static RunStatus status(JsonNode node) {
    return RunStatus.valueOf(node.asText("QUEUED").toUpperCase(Locale.ROOT));
  }

  static Payload payload(JsonNode node, ObjectMapper mapper) {
    return Payload.of(node == null || node.isMissingNode() || node.isNull() ? "{}" : node.toString(), mapper);
  }

  /** A JSON object's fields as text: strings as they are, other values as JSON. */
  static Map<String, String> textMap(JsonNode node) {
    Map<String, String> map = new LinkedHashMap<>();
    if (node != null && node.isObject()) {
      node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().isTextual() ? e.getValue().textValue()
          : e.getValue().toString()));
    }
    return map;
  }

  static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(value -> texts.add(value.asText()));
    return texts;
  }

  /** The {@code rows} of a list answer, each read by {@code row}. */
  static <T> List<T> rows(JsonNode list, Function<JsonNode, T> row) {
    List<T> rows = new ArrayList<>();
    list.path("rows").forEach(node -> rows.add(row.apply(node)));
    return rows;
  }
}
