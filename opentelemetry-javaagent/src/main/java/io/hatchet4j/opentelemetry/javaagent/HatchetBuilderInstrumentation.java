package io.hatchet4j.opentelemetry.javaagent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code Hatchet.Builder}: {@code addInterceptor} notes whether the application added hatchet4j's
 * instrumentation itself; {@code build()} adds it otherwise.
 */
public final class HatchetBuilderInstrumentation implements TypeInstrumentation {

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named("io.hatchet4j.Hatchet$Builder");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(named("build").and(takesArguments(0)), HatchetBuilderInstrumentation.class.getName() + "$BuildAdvice");
    transformer.applyAdviceToMethod(
        named("addInterceptor").and(takesArguments(1)), HatchetBuilderInstrumentation.class.getName() + "$AddInterceptorAdvice");
  }

  /** Inlined at the start of {@code Hatchet.Builder.build()}. */
  @SuppressWarnings("unused")
  public static final class BuildAdvice {
    private BuildAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void onEnter(@Advice.This Object builder) {
      HatchetAgentSupport.beforeBuild(builder);
    }
  }

  /** Inlined at the end of {@code Hatchet.Builder.addInterceptor(HatchetInterceptor)}. */
  @SuppressWarnings("unused")
  public static final class AddInterceptorAdvice {
    private AddInterceptorAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void onExit(@Advice.This Object builder, @Advice.Argument(0) Object interceptor) {
      HatchetAgentSupport.added(builder, interceptor);
    }
  }
}
