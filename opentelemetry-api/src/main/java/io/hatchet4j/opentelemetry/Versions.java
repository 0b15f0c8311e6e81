package io.hatchet4j.opentelemetry;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of this module, recorded as the instrumentation scope's version. */
final class Versions {
  static final String MODULE = load();

  private Versions() {}

  private static String load() {
    Properties properties = new Properties();
    try (InputStream in = Versions.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      // Only the scope version is lost.
    }
    return properties.getProperty("version", "unknown");
  }
}
