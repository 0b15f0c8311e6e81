package io.hatchet4j.opentelemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Gives every span started inside a Hatchet task the task's {@code hatchet.*} attributes, so the
 * engine and the Hatchet UI attach it to the task run.
 *
 * <p>The attributes come from the parent {@link Context} the span starts in, where {@link
 * HatchetInstrumentor} put them for the task's handler. So a span started on the task's thread, or
 * on any thread the task's context was handed to (for example through {@link
 * Context#taskWrapping(java.util.concurrent.ExecutorService)}), gets them; a span started anywhere
 * else, or with an explicit parent outside the task, does not. A key the span already has when it
 * starts is left alone.
 *
 * <p>The {@linkplain HatchetSpanProcessors Hatchet export pipeline} includes this processor. Add it
 * yourself to a provider that does not use that pipeline:
 *
 * <pre>{@code
 * SdkTracerProvider provider = SdkTracerProvider.builder()
 *     .addSpanProcessor(HatchetAttributeSpanProcessor.create())
 *     .addSpanProcessor(BatchSpanProcessor.builder(myExporter).build())
 *     .build();
 * }</pre>
 *
 * <p>Stateless and thread-safe; {@link #shutdown()} and {@link #forceFlush()} do nothing.
 */
public final class HatchetAttributeSpanProcessor implements SpanProcessor {

  private static final HatchetAttributeSpanProcessor INSTANCE = new HatchetAttributeSpanProcessor();

  private HatchetAttributeSpanProcessor() {}

  /** The processor; all instances behave alike. */
  public static HatchetAttributeSpanProcessor create() {
    return INSTANCE;
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    TaskScope task = TaskScope.from(parentContext);
    if (task == null) {
      return;
    }
    task.attributes().forEach((key, value) -> copyIfAbsent(span, key, value));
  }

  @SuppressWarnings("unchecked")
  private static void copyIfAbsent(ReadWriteSpan span, AttributeKey<?> key, Object value) {
    if (span.getAttribute(key) == null) {
      span.setAttribute((AttributeKey<Object>) key, value);
    }
  }

  @Override
  public boolean isStartRequired() {
    return true;
  }

  @Override
  public void onEnd(ReadableSpan span) {}

  @Override
  public boolean isEndRequired() {
    return false;
  }

  @Override
  public String toString() {
    return "HatchetAttributeSpanProcessor";
  }
}
