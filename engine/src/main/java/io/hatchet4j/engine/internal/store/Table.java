package io.hatchet4j.engine.internal.store;

import java.util.List;
import java.util.Optional;

/**
 * A keyed collection of records in a store, ordered by key.
 *
 * <p>Not public API. Writes become durable at the store's next {@link EngineStore#commit()}.
 */
public interface Table<R> {
  void put(String key, R value);

  Optional<R> get(String key);

  /** Removes the record with this key, if there is one. */
  void remove(String key);

  /** All values in key order. */
  List<R> values();

  /** Values whose key starts with {@code prefix}, in key order. */
  List<R> valuesWithKeyPrefix(String prefix);

  int size();

  /** Removes every record whose key starts with {@code prefix}; returns how many. */
  int removeWithKeyPrefix(String prefix);
}
