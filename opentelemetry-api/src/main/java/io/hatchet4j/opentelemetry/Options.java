package io.hatchet4j.opentelemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** What the spans look like: the instrumentor's settings once explicit values and environment are merged. */
record Options(
    Set<HatchetAttribute> excluded,
    boolean includeTaskNameInSpanName,
    boolean individualRunSpansForBulkRun,
    boolean childRunLinks,
    boolean messagingSemanticConventions) {

  static final String EXCLUDED_ATTRIBUTES_ENV = "HATCHET_CLIENT_OPENTELEMETRY_EXCLUDED_ATTRIBUTES";
  /** The Python SDK's name for the span-name option. */
  static final String INCLUDE_TASK_NAME_ENV = "HATCHET_CLIENT_OPENTELEMETRY_INCLUDE_TASK_NAME_IN_START_STEP_RUN_SPAN_NAME";
  /** The TypeScript SDK's name for the same option. */
  static final String INCLUDE_TASK_NAME_SHORT_ENV = "HATCHET_CLIENT_OPENTELEMETRY_INCLUDE_TASK_NAME_IN_SPAN_NAME";
  static final String INDIVIDUAL_RUN_SPANS_ENV = "HATCHET_CLIENT_OPENTELEMETRY_INDIVIDUAL_RUN_SPANS_FOR_BULK_RUN";

  private static final ObjectMapper JSON = new ObjectMapper();

  Options {
    excluded = Collections.unmodifiableSet(excluded.isEmpty() ? EnumSet.noneOf(HatchetAttribute.class) : EnumSet.copyOf(excluded));
  }

  static Options defaults() {
    return new Options(Set.of(), false, false, false, false);
  }

  /** The attributes named by {@code shortNames}, e.g. {@code payload}. */
  static Set<HatchetAttribute> attributes(Collection<String> shortNames) {
    Set<HatchetAttribute> attributes = EnumSet.noneOf(HatchetAttribute.class);
    for (String name : shortNames) {
      if (name == null) {
        throw new NullPointerException("excluded attribute names must not be null");
      }
      attributes.add(HatchetAttribute.fromShortName(name.trim()));
    }
    return attributes;
  }

  /**
   * The excluded attributes from {@value #EXCLUDED_ATTRIBUTES_ENV}, a JSON array of short names, or
   * null if it is unset.
   */
  static Set<HatchetAttribute> excludedFromEnvironment(Map<String, String> env) {
    String value = env.get(EXCLUDED_ATTRIBUTES_ENV);
    if (value == null || value.isBlank()) {
      return null;
    }
    String expected = " must be a JSON array of attribute names, such as [\"payload\"]; got '" + value + "'";
    JsonNode array;
    try {
      array = JSON.readTree(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(EXCLUDED_ATTRIBUTES_ENV + expected, e);
    }
    if (array == null || !array.isArray()) {
      throw new IllegalArgumentException(EXCLUDED_ATTRIBUTES_ENV + expected);
    }
    Set<HatchetAttribute> attributes = EnumSet.noneOf(HatchetAttribute.class);
    for (JsonNode element : array) {
      if (!element.isTextual()) {
        throw new IllegalArgumentException(EXCLUDED_ATTRIBUTES_ENV + expected);
      }
      try {
        attributes.add(HatchetAttribute.fromShortName(element.asText().trim()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(EXCLUDED_ATTRIBUTES_ENV + ": " + e.getMessage(), e);
      }
    }
    return attributes;
  }

  /** The boolean in the first of {@code names} that is set, or null if none is. */
  static Boolean booleanFromEnvironment(Map<String, String> env, String... names) {
    for (String name : names) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        return parseBoolean(name, value);
      }
    }
    return null;
  }

  private static boolean parseBoolean(String name, String value) {
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true":
      case "1":
      case "yes":
      case "on":
        return true;
      case "false":
      case "0":
      case "no":
      case "off":
        return false;
      default:
        throw new IllegalArgumentException(name + " must be true or false; got '" + value + "'");
    }
  }

  static long requireNonNegative(long value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative; got " + value);
    }
    return value;
  }

  static int requirePositive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive; got " + value);
    }
    return value;
  }

  static java.time.Duration requirePositive(java.time.Duration value, String name) {
    if (value == null) {
      throw new NullPointerException(name);
    }
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive; got " + value);
    }
    return value;
  }

  static void requireBatchFitsQueue(int maxExportBatchSize, int maxQueueSize) {
    if (maxExportBatchSize > maxQueueSize) {
      throw new IllegalArgumentException(
          "maxExportBatchSize (" + maxExportBatchSize + ") must not exceed maxQueueSize (" + maxQueueSize + ")");
    }
  }
}
