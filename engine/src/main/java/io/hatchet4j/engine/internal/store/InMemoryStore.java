package io.hatchet4j.engine.internal.store;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** A store kept in maps; commits are no-ops and everything is gone after close. */
final class InMemoryStore extends TableStore {
  private final byte[] signingSecret = new byte[32];

  InMemoryStore() {
    new SecureRandom().nextBytes(signingSecret);
    openTables();
  }

  @Override
  <R> Table<R> newTable(String name, Class<R> type) {
    return new MemoryTable<>();
  }

  @Override
  public byte[] signingSecret() {
    return signingSecret.clone();
  }

  @Override
  public void commit() {}

  @Override
  public void close() {}

  private static final class MemoryTable<R> implements Table<R> {
    private final ConcurrentNavigableMap<String, R> map = new ConcurrentSkipListMap<>();

    @Override
    public void put(String key, R value) {
      map.put(key, value);
    }

    @Override
    public Optional<R> get(String key) {
      return Optional.ofNullable(map.get(key));
    }

    @Override
    public void remove(String key) {
      map.remove(key);
    }

    @Override
    public List<R> values() {
      return new ArrayList<>(map.values());
    }

    @Override
    public List<R> valuesWithKeyPrefix(String prefix) {
      // Every key with the prefix sorts between the prefix and the prefix followed by the last char.
      return new ArrayList<>(map.subMap(prefix, true, prefix + Character.MAX_VALUE, true).values());
    }

    @Override
    public int size() {
      return map.size();
    }
  }
}
