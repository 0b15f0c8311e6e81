package io.hatchet4j.engine.internal.store;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

/**
 * An ordered set of string keys with a short value each, that counts and pages key ranges in
 * logarithmic time (an MVStore map, whose B-tree counts the keys under each page).
 *
 * <p>Not public API. Thread-safe: readers on any thread see every write as it happens.
 */
public final class KeyIndex {
  /** Sorts after every character used in index keys, so {@code prefix + END} bounds a prefix range. */
  public static final String END = "\uffff";

  private final MVMap<String, String> map;

  KeyIndex(MVMap<String, String> map) {
    this.map = map;
  }

  void put(String key, String value) {
    map.put(key, value);
  }

  /** Adds the key unless present; an existing key leaves its page untouched. */
  void putIfAbsent(String key, String value) {
    map.putIfAbsent(key, value);
  }

  void remove(String key) {
    map.remove(key);
  }

  public String get(String key) {
    return map.get(key);
  }

  /** How many keys are in {@code [from, to)}. */
  public long count(String from, String to) {
    return Math.max(0, rank(to) - rank(from));
  }

  public long count(String prefix) {
    return count(prefix, prefix + END);
  }

  /** Position of the first key at or after {@code key}. */
  private long rank(String key) {
    long index = map.getKeyIndex(key);
    return index >= 0 ? index : -index - 1;
  }

  /** Keys and values in {@code [from, to)}, highest first, skipping the first {@code skip}. */
  public List<Map.Entry<String, String>> descending(String from, String to, long skip, int limit) {
    List<Map.Entry<String, String>> page = new ArrayList<>(Math.min(limit, 256));
    long high = rank(to) - 1 - Math.max(0, skip);
    long low = rank(from);
    if (high < low || limit <= 0) {
      return page;
    }
    String start = map.getKey(high);
    Iterator<String> keys = map.keyIteratorReverse(start);
    while (keys.hasNext() && page.size() < limit) {
      String key = keys.next();
      if (key.compareTo(from) < 0) {
        break;
      }
      String value = map.get(key);
      if (value != null) {
        page.add(Map.entry(key, value));
      }
    }
    return page;
  }

  /** Iterates {@code [from, to)} lowest first. */
  public Iterator<Map.Entry<String, String>> ascending(String from, String to) {
    Cursor<String, String> cursor = map.cursor(from, null, false);
    return new Iterator<>() {
      private Map.Entry<String, String> next = advance();

      private Map.Entry<String, String> advance() {
        if (cursor.hasNext()) {
          String key = cursor.next();
          if (key.compareTo(to) < 0) {
            return Map.entry(key, cursor.getValue());
          }
        }
        return null;
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public Map.Entry<String, String> next() {
        Map.Entry<String, String> current = next;
        if (current == null) {
          throw new java.util.NoSuchElementException();
        }
        next = advance();
        return current;
      }
    };
  }

  /** Iterates keys and values starting with {@code prefix}, lowest first. */
  public Iterator<Map.Entry<String, String>> withPrefix(String prefix) {
    return ascending(prefix, prefix + END);
  }

  public long size() {
    return map.sizeAsLong();
  }

  /** A fixed-width, sortable form of a time or counter. */
  public static String hex(long value) {
    String digits = Long.toHexString(value);
    return "0000000000000000".substring(digits.length()) + digits;
  }
}
