package io.hatchet4j.spring.boot.test;

import java.util.List;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;

/** Backs {@link EmbeddedHatchet}; registered in {@code META-INF/spring.factories}. */
final class EmbeddedHatchetContextCustomizerFactory implements ContextCustomizerFactory {

  @Override
  public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configurations) {
    boolean annotated =
        MergedAnnotations.from(testClass, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY).isPresent(EmbeddedHatchet.class);
    return annotated ? new EmbeddedHatchetContextCustomizer() : null;
  }
}
