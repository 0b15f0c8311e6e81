package io.hatchet4j.engine.internal.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.engine.internal.PayloadLimit;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Caps request bodies: a declared {@code Content-Length} over the limit gets 413 before anything is
 * read, and a body that grows past it while being read (chunked) fails the read with {@link
 * TooLarge}, which becomes 413 too. Either way at most {@code limit + 1} bytes are ever read.
 *
 * <p>The answer is upstream's error shape, {@code {"errors":[{"description":...}]}}, naming the
 * limit. Before answering, up to {@link #DRAIN_BYTES} more of the body are read and thrown away:
 * a client that is still sending when the server closes gets a reset instead of the answer, so a
 * body a little over the limit is consumed and the client reads its 413. Larger ones are cut off.
 */
final class BodyLimit implements HttpHandler {
  /** How much of an oversized body is read and discarded so the client can read its answer. */
  static final long DRAIN_BYTES = 4 << 20;

  private final HttpHandler next;
  private final long limit;

  BodyLimit(HttpHandler next, long limit) {
    this.next = next;
    this.limit = limit;
  }

  /** Thrown by reads of a body that is longer than the limit. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(long limit) {
      super(message(limit), null);
    }
  }

  static String message(long limit) {
    return "request body exceeds the payload limit of " + limit + " bytes (" + PayloadLimit.human(limit) + ")";
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    long length = declared == null ? -1 : declaredLength(declared.strip());
    if (length > limit) {
      if (length - limit <= DRAIN_BYTES) {
        drain(exchange.getRequestBody(), length);
      }
      tooLarge(exchange);
      return;
    }
    exchange.setStreams(new Capped(exchange.getRequestBody(), limit), null);
    try {
      next.handle(exchange);
    } catch (TooLarge e) {
      // A handler that did not answer the failed read itself (the router does).
      if (exchange.getResponseCode() == -1) {
        tooLarge(exchange);
      } else {
        throw e;
      }
    }
  }

  private static long declaredLength(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return -1; // Jetty refuses a malformed length before we see it
    }
  }

  /** Reads and discards up to {@code max} bytes; stops quietly at the end or on a broken connection. */
  static void drain(InputStream in, long max) {
    byte[] buffer = new byte[16 * 1024];
    long left = max;
    try {
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          return;
        }
        left -= n;
      }
    } catch (IOException e) {
      // The client gave up; it will not read the answer either.
    }
  }

  private void tooLarge(HttpExchange exchange) throws IOException {
    byte[] bytes = Json.write(HttpResponse.error(413, message(limit)).body()).getBytes(UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    // The unread rest of the body makes the connection unusable; say so rather than have it reset.
    exchange.getResponseHeaders().set("Connection", "close");
    exchange.sendResponseHeaders(413, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Reads at most {@code limit} bytes, then fails. */
  private static final class Capped extends FilterInputStream {
    private final long limit;
    private long read;
    private boolean overflowed;

    Capped(InputStream in, long limit) {
      super(in);
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      failIfOverflowed();
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      failIfOverflowed();
      // Never ask for more than one byte past the limit, so an oversized body is never read whole.
      int n = super.read(buffer, offset, (int) Math.min(length, limit - read + 1));
      if (n > 0) {
        count(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      failIfOverflowed();
      long skipped = super.skip(Math.min(n, limit - read + 1));
      count(skipped);
      return skipped;
    }

    private void failIfOverflowed() throws TooLarge {
      if (overflowed) {
        throw new TooLarge(limit);
      }
    }

    private void count(long n) throws TooLarge {
      read += n;
      if (read > limit) {
        overflowed = true;
        drain(in, DRAIN_BYTES);
        throw new TooLarge(limit);
      }
    }
  }
}
