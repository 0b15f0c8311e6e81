package io.hatchet4j.internal;

/** Metrics in the Prometheus text exposition format (version 0.0.4), all with one label. Not public API. */
final class PrometheusText {
  private final StringBuilder text = new StringBuilder();
  private final String labels;

  PrometheusText(String labelName, String labelValue) {
    this.labels = "{" + labelName + "=\"" + escape(labelValue) + "\"}";
  }

  void gauge(String name, String help, double value) {
    header(name, help, "gauge");
    sample(name, value);
  }

  void counter(String name, String help, double value) {
    header(name, help, "counter");
    sample(name, value);
  }

  void summary(String name, String help, double sum, double count) {
    header(name, help, "summary");
    sample(name + "_sum", sum);
    sample(name + "_count", count);
  }

  private void header(String name, String help, String type) {
    text.append("# HELP ").append(name).append(' ').append(help).append('\n');
    text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private void sample(String name, double value) {
    text.append(name).append(labels).append(' ');
    if (value == Math.rint(value) && !Double.isInfinite(value)) {
      text.append((long) value);
    } else {
      text.append(value);
    }
    text.append('\n');
  }

  /** Label values escape backslash, double quote and line feed. */
  static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
