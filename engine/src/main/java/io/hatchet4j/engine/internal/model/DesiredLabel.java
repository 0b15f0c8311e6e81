package io.hatchet4j.engine.internal.model;

import javax.annotation.Nullable;

/**
 * What a task wants of one worker label, with upstream's defaults applied (not required, weight
 * 100, comparator EQUAL). Not public API.
 *
 * @param comparator one of EQUAL, NOT_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL, LESS_THAN,
 *     LESS_THAN_OR_EQUAL; the worker's value is on the left
 */
public record DesiredLabel(
    @Nullable String stringValue,
    @Nullable Integer intValue,
    boolean required,
    int weight,
    String comparator) {

  /** The weight of a label that names none, as upstream assumes. */
  public static final int DEFAULT_WEIGHT = 100;
  public static final String DEFAULT_COMPARATOR = "EQUAL";

  public DesiredLabel {
    comparator = comparator == null ? DEFAULT_COMPARATOR : comparator;
  }
}
