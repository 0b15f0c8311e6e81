package io.hatchet4j.opentelemetry;

import io.hatchet4j.interceptor.Chain;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How every Hatchet span records the call it wraps. */
final class Spans {
  private static final Logger log = LoggerFactory.getLogger(Spans.class);

  private Spans() {}

  /**
   * Proceeds with {@code request} while {@code span} is current, records a failure on {@code
   * children} and {@code span}, then ends them, children first. {@code onSuccess} adds what the
   * result tells; its own failure is logged, never thrown into the caller. {@code described} is the
   * call as the extension points see it, or null when none is configured.
   */
  @SuppressWarnings("try") // the scope acts by being open
  static <Q, R> R call(
      Span span,
      List<Span> children,
      Chain<Q, R> chain,
      Q request,
      Instrumentation instrumentation,
      HatchetRequest described,
      BiConsumer<Span, R> onSuccess)
      throws Exception {
    try (Scope ignored = span.makeCurrent()) {
      R result = chain.proceed(request);
      try {
        onSuccess.accept(span, result);
        instrumentation.succeeded(span, described, result, HatchetSpanStatus.UNSET);
      } catch (RuntimeException e) {
        log.warn("recording the result on span {} failed", span, e);
      }
      return result;
    } catch (Throwable failure) {
      for (Span child : children) {
        instrumentation.failed(child, null, failure);
      }
      instrumentation.failed(span, described, failure);
      throw failure;
    } finally {
      for (Span child : children) {
        child.end();
      }
      span.end();
    }
  }

  /** The messaging semantic-convention attributes of an operation, if opted in. */
  static SpanBuilder messaging(SpanBuilder builder, Options options, String type, String name, String destination) {
    if (options.messagingSemanticConventions()) {
      builder
          .setAttribute(SpanKeys.MESSAGING_SYSTEM, SpanKeys.MESSAGING_SYSTEM_VALUE)
          .setAttribute(SpanKeys.MESSAGING_OPERATION_TYPE, type)
          .setAttribute(SpanKeys.MESSAGING_OPERATION_NAME, name);
      if (destination != null) {
        builder.setAttribute(SpanKeys.MESSAGING_DESTINATION_NAME, destination);
      }
    }
    return builder;
  }

  /** Records {@code messaging.message.id} if opted in and known. */
  static void messageId(Span span, Options options, String id) {
    if (options.messagingSemanticConventions() && id != null && !id.isEmpty()) {
      span.setAttribute(SpanKeys.MESSAGING_MESSAGE_ID, id);
    }
  }
}
