package io.hatchet4j.internal;

import java.time.Instant;
import java.util.Collection;

/**
 * A query string as the official SDKs send it: arrays as repeated keys, times in RFC 3339, absent
 * values left out. Not public API; not thread-safe.
 */
final class RestQuery {
  private final StringBuilder text = new StringBuilder();

  RestQuery add(String key, Object value) {
    if (value != null) {
      text.append(text.length() == 0 ? '?' : '&')
          .append(RestClient.encode(key)).append('=').append(RestClient.encode(String.valueOf(value)));
    }
    return this;
  }

  RestQuery addTime(String key, Instant time) {
    return add(key, time == null ? null : time.toString());
  }

  RestQuery addAll(String key, Collection<?> values) {
    values.forEach(value -> add(key, value));
    return this;
  }

  /** Metadata pairs as {@code key:value}, the form the engine's filters read. */
  RestQuery addMetadata(String key, java.util.Map<String, String> metadata) {
    metadata.forEach((name, value) -> add(key, name + ":" + value));
    return this;
  }

  /** This query with a page's {@code offset} and {@code limit} added; this query stays as it is. */
  String page(int offset, int limit) {
    return text + (text.length() == 0 ? "?" : "&") + "offset=" + offset + "&limit=" + limit;
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
