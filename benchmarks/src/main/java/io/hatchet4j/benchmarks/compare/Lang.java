package io.hatchet4j.benchmarks.compare;

/** The worker under test: ours, or an official SDK's run as an interop peer. */
enum Lang {
  JAVA("java", "hatchet4j"),
  TYPESCRIPT("ts", "TypeScript"),
  PYTHON("py", "Python");

  final String prefix;
  final String label;

  Lang(String prefix, String label) {
    this.prefix = prefix;
    this.label = label;
  }

  /** The no-op task each worker registers: {@code java-noop}, {@code ts-noop}, {@code py-noop}. */
  String noopWorkflow() {
    return prefix + "-noop";
  }

  static Lang of(String text) {
    for (Lang lang : values()) {
      if (lang.prefix.equalsIgnoreCase(text.strip()) || lang.name().equalsIgnoreCase(text.strip())) {
        return lang;
      }
    }
    throw new IllegalArgumentException("unknown worker '" + text + "': java, ts or py");
  }
}
