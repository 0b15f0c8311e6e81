package io.hatchet4j.engine.internal.store;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.StringDataType;

/**
 * A store kept in maps, everything gone after close. Records are kept as objects; the run indexes
 * live in an MVStore without a file, for their counted B-trees.
 */
final class InMemoryStore extends TableStore {
  private final byte[] signingSecret = new byte[32];
  private final MVStore indexes = new MVStore.Builder().open();

  InMemoryStore() {
    new SecureRandom().nextBytes(signingSecret);
    openTables();
  }

  @Override
  KeyIndex newIndex(String name) {
    return new KeyIndex(indexes.openMap(name, new MVMap.Builder<String, String>()
        .keyType(StringDataType.INSTANCE)
        .valueType(StringDataType.INSTANCE)));
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
  public void commit() {
    // Lets the index store drop the old versions of its pages.
    indexes.commit();
  }

  @Override
  public void close() {
    indexes.close();
  }

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

    @Override
    public int removeWithKeyPrefix(String prefix) {
      Map<String, R> range = map.subMap(prefix, true, prefix + Character.MAX_VALUE, true);
      int removed = range.size();
      range.clear();
      return removed;
    }
  }
}
