package io.hatchet4j;

import static java.util.Objects.requireNonNull;

/**
 * What a run wants of a worker's label: a value, how to compare it, and whether it is a hard
 * requirement or a preference weighed against others.
 *
 * <pre>{@code
 * TriggerOptions.builder()
 *     .putDesiredWorkerLabel("gpu", DesiredWorkerLabel.of("a100").asRequired())
 *     .putDesiredWorkerLabel("memory_gb", DesiredWorkerLabel.of(64).withComparator(Comparator.GREATER_THAN_OR_EQUAL))
 *     .build();
 * }</pre>
 *
 * @param stringValue the wanted value, for a text label
 * @param intValue the wanted value, for a numeric label
 * @param required whether a worker without a matching label must not get the run
 * @param comparator how the worker's value is compared with the wanted one
 * @param weight how much a match counts among preferences (the engine's default is 100)
 */
public record DesiredWorkerLabel(String stringValue, Integer intValue, boolean required, Comparator comparator, int weight) {

  /** The comparisons the engine knows, worker value on the left. */
  public enum Comparator {
    EQUAL,
    NOT_EQUAL,
    GREATER_THAN,
    GREATER_THAN_OR_EQUAL,
    LESS_THAN,
    LESS_THAN_OR_EQUAL
  }

  /** The weight of a preference that names none, as the engine assumes. */
  public static final int DEFAULT_WEIGHT = 100;

  public DesiredWorkerLabel {
    if ((stringValue == null) == (intValue == null)) {
      throw new IllegalArgumentException("a desired label has exactly one value, text or number");
    }
    requireNonNull(comparator, "comparator");
  }

  /** A preference for workers whose label equals {@code value}. */
  public static DesiredWorkerLabel of(String value) {
    return new DesiredWorkerLabel(requireNonNull(value, "value"), null, false, Comparator.EQUAL, DEFAULT_WEIGHT);
  }

  /** A preference for workers whose numeric label equals {@code value}. */
  public static DesiredWorkerLabel of(int value) {
    return new DesiredWorkerLabel(null, value, false, Comparator.EQUAL, DEFAULT_WEIGHT);
  }

  /** This label as a hard requirement. */
  public DesiredWorkerLabel asRequired() {
    return new DesiredWorkerLabel(stringValue, intValue, true, comparator, weight);
  }

  public DesiredWorkerLabel withComparator(Comparator comparator) {
    return new DesiredWorkerLabel(stringValue, intValue, required, comparator, weight);
  }

  public DesiredWorkerLabel withWeight(int weight) {
    return new DesiredWorkerLabel(stringValue, intValue, required, comparator, weight);
  }
}
