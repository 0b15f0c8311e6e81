package io.hatchet4j;

import static java.util.Objects.requireNonNull;

/**
 * One run of a bulk trigger: its input and options.
 *
 * @param <I> the workflow input type
 */
public record BulkRun<I>(I input, TriggerOptions options) {
  public BulkRun {
    requireNonNull(input, "input");
    requireNonNull(options, "options");
  }

  /** A run with this input and default options. */
  public static <I> BulkRun<I> of(I input) {
    return new BulkRun<>(input, TriggerOptions.defaults());
  }

  public static <I> BulkRun<I> of(I input, TriggerOptions options) {
    return new BulkRun<>(input, options);
  }
}
