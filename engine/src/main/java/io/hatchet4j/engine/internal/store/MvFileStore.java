package io.hatchet4j.engine.internal.store;

import static java.util.Objects.requireNonNull;

import io.hatchet4j.engine.internal.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.StringDataType;

/**
 * A store in one H2 MVStore file. Records are kept as JSON text, which stays readable across
 * changes of the record classes that add fields.
 */
final class MvFileStore extends TableStore {
  private static final String SIGNING_SECRET_KEY = "signing_secret";
  /** Commits between two compaction passes. */
  private static final int COMMITS_PER_COMPACTION = 100;
  /** Chunks less full than this are rewritten by a pass. */
  private static final int TARGET_FILL_RATE = 90;
  /** Bytes a pass rewrites at most, so that it stays short. */
  private static final int COMPACTION_BYTES = 16 << 20;
  /** Page cache: unfinished runs are in memory anyway; reads of the rest are mostly recent ones. */
  private static final int CACHE_MB = 8;
  /** Smaller pages than MVStore's default: a commit rewrites every page it changed, whole. */
  private static final int PAGE_SPLIT_SIZE = 8 << 10;

  /** Commits reclaimSpace makes: more than the versions MVStore keeps before freeing pages (5). */
  private static final int RECLAIM_ROUNDS = 8;
  private static final String RECLAIM_KEY = "reclaim_round";

  private int commitsSinceCompaction;
  private MVMap<String, String> meta;

  private final MVStore store;
  private final byte[] signingSecret;

  MvFileStore(Path file) {
    requireNonNull(file, "file");
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      // The file holds the token signing secret: owner only, also when an older engine made it 0644.
      OwnerOnly.prepare(file);
      // No auto-commit: the engine commits itself, before it acknowledges what it wrote. That also
      // means no background compaction, so commit() compacts now and then itself.
      this.store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled()
          .pageSplitSize(PAGE_SPLIT_SIZE).cacheSize(CACHE_MB).open();
      // Every commit writes the changed pages anew; the space of the old ones may only be reused
      // once they are older than this. MVStore's default (45 s) keeps every commit's chunk, tens of
      // kilobytes, alive that long, which under steady load is most of the file. Readers on other
      // threads register the version they read (read()), so its chunks are not reused under them.
      this.store.setRetentionTime(0);
    } catch (Exception e) {
      throw new IllegalStateException("cannot open engine database " + file + ": " + e.getMessage(), e);
    }
    openTables();
    this.signingSecret = loadOrCreateSecret();
    store.commit();
  }

  private byte[] loadOrCreateSecret() {
    meta = openMap("meta");
    String encoded = meta.get(SIGNING_SECRET_KEY);
    if (encoded != null) {
      return Base64.getDecoder().decode(encoded);
    }
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    meta.put(SIGNING_SECRET_KEY, Base64.getEncoder().encodeToString(secret));
    return secret;
  }

  private MVMap<String, String> openMap(String name) {
    return store.openMap(name, new MVMap.Builder<String, String>()
        .keyType(StringDataType.INSTANCE)
        .valueType(StringDataType.INSTANCE));
  }

  @Override
  <R> Table<R> newTable(String name, Class<R> type) {
    return new JsonTable<>(openMap(name), type);
  }

  @Override
  public byte[] signingSecret() {
    return signingSecret.clone();
  }

  @Override
  KeyIndex newIndex(String name) {
    return new KeyIndex(openMap(name));
  }

  @Override
  public void commit() {
    store.commit();
    if (++commitsSinceCompaction >= COMMITS_PER_COMPACTION) {
      commitsSinceCompaction = 0;
      // Moves the live pages of sparse chunks into new ones, so the old chunks become free space
      // for later commits instead of growing the file; the moved pages are written by the next commit.
      store.compact(TARGET_FILL_RATE, COMPACTION_BYTES);
    }
  }

  @Override
  public <T> T read(java.util.function.Supplier<T> body) {
    MVStore.TxCounter version = store.registerVersionUsage();
    try {
      return body.get();
    } finally {
      store.deregisterVersionUsage(version);
    }
  }

  /**
   * Pages freed by a commit become reusable only a few versions later, and the file shrinks only
   * when its last chunks are free at a commit: so this commits a few times, moves the live pages of
   * sparse chunks into new ones, and commits a few times more, instead of waiting for later work.
   */
  @Override
  public void reclaimSpace() {
    tick();
    // Bounded by bytes rather than time: after a sweep most chunks are nearly empty.
    store.compact(TARGET_FILL_RATE, 64 << 20);
    tick();
  }

  /** Commits a small change a few times: more than the versions MVStore keeps before freeing pages. */
  private void tick() {
    for (int round = 0; round < RECLAIM_ROUNDS; round++) {
      meta.put(RECLAIM_KEY, Integer.toString(round));
      store.commit();
    }
  }

  @Override
  public void close() {
    if (!store.isClosed()) {
      store.close();
    }
  }

  private static final class JsonTable<R> implements Table<R> {
    private final MVMap<String, String> map;
    private final Class<R> type;

    JsonTable(MVMap<String, String> map, Class<R> type) {
      this.map = map;
      this.type = type;
    }

    @Override
    public void put(String key, R value) {
      map.put(key, Json.write(value));
    }

    @Override
    public Optional<R> get(String key) {
      String json = map.get(key);
      return json == null ? Optional.empty() : Optional.of(Json.read(json, type));
    }

    @Override
    public void remove(String key) {
      map.remove(key);
    }

    @Override
    public List<R> values() {
      List<R> values = new ArrayList<>(map.size());
      for (String json : map.values()) {
        values.add(Json.read(json, type));
      }
      return values;
    }

    @Override
    public List<R> valuesWithKeyPrefix(String prefix) {
      List<R> values = new ArrayList<>();
      Iterator<String> keys = map.keyIterator(prefix);
      while (keys.hasNext()) {
        String key = keys.next();
        if (!key.startsWith(prefix)) {
          break;
        }
        values.add(Json.read(map.get(key), type));
      }
      return values;
    }

    @Override
    public int size() {
      return map.size();
    }

    @Override
    public int removeWithKeyPrefix(String prefix) {
      List<String> keys = new ArrayList<>();
      Iterator<String> it = map.keyIterator(prefix);
      while (it.hasNext()) {
        String key = it.next();
        if (!key.startsWith(prefix)) {
          break;
        }
        keys.add(key);
      }
      keys.forEach(map::remove);
      return keys.size();
    }
  }
}
