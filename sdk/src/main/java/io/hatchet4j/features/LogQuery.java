package io.hatchet4j.features;

import static java.util.Objects.requireNonNull;

import io.hatchet4j.LogLevel;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** Selects log lines of a task (upstream's log list query). Immutable. */
public final class LogQuery {
  /** The most lines returned unless {@link Builder#setLimit} says otherwise, as the official SDKs ask. */
  public static final int DEFAULT_LIMIT = 1000;

  private final int limit;
  private final Instant since;
  private final Instant until;
  private final String search;
  private final Set<LogLevel> levels;
  private final boolean newestFirst;

  private LogQuery(Builder builder) {
    this.limit = builder.limit;
    this.since = builder.since;
    this.until = builder.until;
    this.search = builder.search;
    this.levels = builder.levels.isEmpty() ? Set.of() : Set.copyOf(builder.levels);
    this.newestFirst = builder.newestFirst;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The first {@link #DEFAULT_LIMIT} lines, oldest first. */
  public static LogQuery defaults() {
    return builder().build();
  }

  public int limit() {
    return limit;
  }

  public Optional<Instant> since() {
    return Optional.ofNullable(since);
  }

  public Optional<Instant> until() {
    return Optional.ofNullable(until);
  }

  /** Text the lines must contain. */
  public Optional<String> search() {
    return Optional.ofNullable(search);
  }

  /** Levels to keep; empty for any. */
  public Set<LogLevel> levels() {
    return levels;
  }

  public boolean newestFirst() {
    return newestFirst;
  }

  /** Builds a {@link LogQuery}. Not thread-safe. */
  public static final class Builder {
    private int limit = DEFAULT_LIMIT;
    private Instant since;
    private Instant until;
    private String search;
    private final Set<LogLevel> levels = EnumSet.noneOf(LogLevel.class);
    private boolean newestFirst;

    private Builder() {}

    /** The most lines to return, 1 to 10,000. */
    public Builder setLimit(int limit) {
      if (limit < 1 || limit > 10_000) {
        throw new IllegalArgumentException("limit must be between 1 and 10000, got " + limit);
      }
      this.limit = limit;
      return this;
    }

    public Builder setSince(Instant since) {
      this.since = requireNonNull(since, "since");
      return this;
    }

    public Builder setUntil(Instant until) {
      this.until = requireNonNull(until, "until");
      return this;
    }

    public Builder setSearch(String search) {
      this.search = requireNonNull(search, "search");
      return this;
    }

    public Builder addLevel(LogLevel level) {
      levels.add(requireNonNull(level, "level"));
      return this;
    }

    public Builder setNewestFirst(boolean newestFirst) {
      this.newestFirst = newestFirst;
      return this;
    }

    public LogQuery build() {
      return new LogQuery(this);
    }
  }
}
