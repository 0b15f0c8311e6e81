package io.hatchet4j.internal;

import java.lang.reflect.Method;
import java.util.concurrent.ThreadFactory;

/**
 * Virtual threads where the JVM has them (Java 21 and later), found by reflection so the SDK still
 * builds and runs on Java 17. Not public API.
 */
public final class VirtualThreads {
  private static final Method OF_VIRTUAL;
  private static final Method NAME;
  private static final Method FACTORY;

  static {
    Method ofVirtual = null;
    Method name = null;
    Method factory = null;
    try {
      Class<?> builder = Class.forName("java.lang.Thread$Builder");
      ofVirtual = Thread.class.getMethod("ofVirtual");
      name = builder.getMethod("name", String.class, long.class);
      factory = builder.getMethod("factory");
    } catch (ReflectiveOperationException | RuntimeException e) {
      ofVirtual = null; // Java 17: no virtual threads
    }
    OF_VIRTUAL = ofVirtual;
    NAME = name;
    FACTORY = factory;
  }

  private VirtualThreads() {}

  /** Whether this JVM has virtual threads. */
  public static boolean available() {
    return OF_VIRTUAL != null;
  }

  /**
   * A factory of virtual threads named {@code prefix-1}, {@code prefix-2}, ...: {@code
   * Thread.ofVirtual().name(prefix + "-", 1).factory()}.
   *
   * @throws UnsupportedOperationException on a JVM without virtual threads
   */
  public static ThreadFactory named(String prefix) {
    if (!available()) {
      throw new UnsupportedOperationException("virtual threads need Java 21 or later");
    }
    try {
      Object builder = NAME.invoke(OF_VIRTUAL.invoke(null), prefix + "-", 1L);
      return (ThreadFactory) FACTORY.invoke(builder);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("could not create a virtual thread factory", e);
    }
  }
}
