package io.hatchet4j.opentelemetry;

import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.simple.SimpleServiceProvider;
import org.slf4j.spi.MDCAdapter;

/**
 * slf4j-simple with a working MDC (its own ignores every entry), so tests can see what the
 * instrumentor puts there. Selected by the {@code slf4j.provider} property in the POM.
 */
public final class MdcLoggingProvider extends SimpleServiceProvider {
  private final MDCAdapter mdc = new BasicMDCAdapter();

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }
}
