package io.hatchet4j;

/** The engine's run priorities: among queued runs, higher priorities are assigned to workers first. */
public enum Priority {
  LOW(1),
  MEDIUM(2),
  HIGH(3);

  private final int value;

  Priority(int value) {
    this.value = value;
  }

  /** The number the wire protocol uses: 1 (low) to 3 (high). */
  public int value() {
    return value;
  }

  /**
   * The priority a wire value stands for.
   *
   * @throws IllegalArgumentException outside 1 to 3
   */
  public static Priority of(int value) {
    for (Priority priority : values()) {
      if (priority.value == value) {
        return priority;
      }
    }
    // The engine's words for the same refusal.
    throw new IllegalArgumentException("priority must be between 1 and 3, got " + value);
  }
}
