package io.hatchet4j.features;

/** The bounds of a listing's page size. */
final class PageSize {
  /** The most rows one page asks for. */
  static final int MAX = 1000;

  private PageSize() {}

  static int require(int pageSize) {
    if (pageSize < 1 || pageSize > MAX) {
      throw new IllegalArgumentException("page size must be between 1 and " + MAX + ", got " + pageSize);
    }
    return pageSize;
  }
}
