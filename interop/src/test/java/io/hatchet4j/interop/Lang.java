package io.hatchet4j.interop;

/** A language whose Hatchet SDK takes part: ours, or an official one run as a peer process. */
enum Lang {
  JAVA("java", "Java"),
  TYPESCRIPT("ts", "TypeScript"),
  PYTHON("py", "Python");

  private final String prefix;
  private final String label;

  Lang(String prefix, String label) {
    this.prefix = prefix;
    this.label = label;
  }

  /** The workflow name of this language's copy of a shared workflow, such as {@code py-echo}. */
  String workflow(String base) {
    return prefix + "-" + base;
  }

  String prefix() {
    return prefix;
  }

  /** The table column of two languages working together, such as {@code Java↔Python}. */
  static String pair(Lang a, Lang b) {
    Lang first = a.ordinal() <= b.ordinal() ? a : b;
    Lang second = first == a ? b : a;
    return first.label + "↔" + second.label;
  }

  /** A test display name: the table column, then what this case does ({@code Python → Java}). */
  static String display(Lang from, Lang to) {
    return pair(from, to) + " | " + from.label + " → " + to.label;
  }

  @Override
  public String toString() {
    return label;
  }
}
