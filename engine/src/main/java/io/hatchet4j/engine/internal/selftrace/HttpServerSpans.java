package io.hatchet4j.engine.internal.selftrace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One SERVER span per HTTP request the engine's Jetty front serves, named by its method only (the
 * path holds ids; it goes into {@code url.path}), with the HTTP semantic conventions' attributes.
 * Not public API. Thread-safe.
 */
final class HttpServerSpans extends Handler.Wrapper {
  static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
  static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

  private final Tracer tracer;

  HttpServerSpans(Tracer tracer, Handler handler) {
    super(handler);
    this.tracer = tracer;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    Span span = tracer.spanBuilder(request.getMethod())
        .setParent(Context.root())
        .setSpanKind(SpanKind.SERVER)
        .setAttribute(METHOD, request.getMethod())
        .setAttribute(PATH, request.getHttpURI().getPath())
        .startSpan();
    Callback traced = new Callback.Nested(callback) {
      @Override
      public void succeeded() {
        end(span, response.getStatus(), null);
        super.succeeded();
      }

      @Override
      public void failed(Throwable failure) {
        end(span, 500, failure);
        super.failed(failure);
      }
    };
    boolean handled;
    try {
      handled = super.handle(request, response, traced);
    } catch (Exception | Error e) {
      end(span, 500, e);
      throw e;
    }
    if (!handled) {
      end(span, 404, null); // Jetty answers it
    }
    return handled;
  }

  private static void end(Span span, int status, Throwable failure) {
    span.setAttribute(STATUS, (long) status);
    if (status >= 500 || failure != null) {
      span.setStatus(StatusCode.ERROR, failure == null ? "HTTP " + status : failure.toString());
    }
    span.end();
  }
}
