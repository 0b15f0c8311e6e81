package io.hatchet4j.features;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The rows of a listing the engine answers in pages, fetched one page at a time as they are
 * iterated: a loop that stops early fetches no further pages.
 *
 * <p>Each iteration (or stream) asks the engine again from the first page, so it sees rows created
 * since. Rows created or deleted while a listing is iterated may shift between pages, as with the
 * official SDKs' offset paging.
 *
 * @param <T> the row type
 */
public interface Paged<T> extends Iterable<T> {

  /** The rows as a sequential stream; closing it early fetches no further pages. */
  default Stream<T> stream() {
    return StreamSupport.stream(spliterator(), false);
  }

  /** Every row, fetching every page. */
  default List<T> toList() {
    List<T> all = new ArrayList<>();
    forEach(all::add);
    return all;
  }
}
