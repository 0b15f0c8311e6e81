package io.hatchet4j.interop;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The row of the interop table a test fills in. Its display name (before any {@code " | "}) names
 * the column, the SDK pair; {@link #pairs} lists the columns it covers, for when the whole class is
 * skipped before its tests are even expanded.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface Scenario {
  /** The row, such as {@code "1. Peer worker, Java client: results"}. */
  String value();

  /** The columns this test reports, such as {@code "Java↔Python"}. */
  String[] pairs();
}
