package io.hatchet4j.internal;

import io.hatchet4j.features.Paged;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.BiFunction;

/**
 * A listing fetched a page at a time: the next page is asked for only when the rows so far are
 * used up, and a short (or empty) page is the last. Not public API; thread-safe, each iterator
 * reads on its own.
 */
final class LazyPages<T> implements Paged<T> {
  /** Fetches the rows from an offset, at most a page of them. */
  private final BiFunction<Integer, Integer, List<T>> fetch;
  private final int pageSize;

  LazyPages(int pageSize, BiFunction<Integer, Integer, List<T>> fetch) {
    this.pageSize = pageSize;
    this.fetch = fetch;
  }

  @Override
  public Iterator<T> iterator() {
    return new Iterator<>() {
      private Iterator<T> page;
      private int offset;
      private boolean last;

      @Override
      public boolean hasNext() {
        while (page == null || !page.hasNext()) {
          if (last) {
            return false;
          }
          List<T> rows = fetch.apply(offset, pageSize);
          offset += rows.size();
          last = rows.size() < pageSize;
          page = rows.iterator();
        }
        return true;
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return page.next();
      }
    };
  }
}
