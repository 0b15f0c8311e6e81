package io.hatchet4j.opentelemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.Set;

/**
 * Collects span attributes the way every Hatchet span wants them: excluded names dropped, absent
 * values omitted (never written as empty strings), numbers as integers.
 */
final class AttributeWriter {
  private final Set<HatchetAttribute> excluded;
  private final AttributesBuilder builder = Attributes.builder();

  AttributeWriter(Set<HatchetAttribute> excluded) {
    this.excluded = excluded;
  }

  /** A writer for a span of this module: {@code instrumentor=hatchet} is written already. */
  static AttributeWriter forSpan(Set<HatchetAttribute> excluded) {
    return new AttributeWriter(excluded).always(SpanKeys.INSTRUMENTOR, SpanKeys.INSTRUMENTOR_VALUE);
  }

  /** Writes {@code value} unless it is null or empty. */
  AttributeWriter text(HatchetAttribute attribute, String value) {
    if (value != null && !value.isEmpty() && !excluded.contains(attribute)) {
      builder.put(attribute.stringKey(), value);
    }
    return this;
  }

  /** Writes JSON text unless it is absent or an empty object or array, as the official SDKs do. */
  AttributeWriter json(HatchetAttribute attribute, String json) {
    if (json != null && !json.equals("{}") && !json.equals("[]")) {
      text(attribute, json);
    }
    return this;
  }

  /**
   * Writes a run id only when it is a UUID: the engine's collector rejects a whole batch whose
   * {@code hatchet.step_run_id} or {@code hatchet.workflow_run_id} is not one.
   */
  AttributeWriter runId(HatchetAttribute attribute, String value) {
    return isUuid(value) ? text(attribute, value) : this;
  }

  /** Writes {@code value}, zero included, unless it is null. */
  AttributeWriter number(HatchetAttribute attribute, Integer value) {
    if (value != null && !excluded.contains(attribute)) {
      builder.put(attribute.longKey(), value.longValue());
    }
    return this;
  }

  /** Writes an attribute that no exclusion applies to. */
  <T> AttributeWriter always(AttributeKey<T> key, T value) {
    builder.put(key, value);
    return this;
  }

  Attributes build() {
    return builder.build();
  }

  /** Whether {@code value} is a UUID in the canonical 8-4-4-4-12 hexadecimal form. */
  static boolean isUuid(String value) {
    if (value == null || value.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = value.charAt(i);
      boolean valid =
          (i == 8 || i == 13 || i == 18 || i == 23)
              ? c == '-'
              : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!valid) {
        return false;
      }
    }
    return true;
  }
}
