package io.hatchet4j.engine.internal.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * One Jetty request seen through the JDK's {@link HttpExchange} API, so the engine's handlers
 * (router, web page, OTLP/HTTP) stay written against {@code com.sun.net.httpserver}.
 *
 * <p>Not thread-safe; used by the one thread that handles the request. The body streams from
 * Jetty as it is read, never buffered whole.
 */
final class JettyExchange extends HttpExchange {
  private final Request request;
  private final Response response;
  private final Headers requestHeaders = new Headers();
  private final Headers responseHeaders = new Headers();
  private InputStream in;
  private OutputStream out;
  private int responseCode = -1;

  JettyExchange(Request request, Response response) {
    this.request = request;
    this.response = response;
    for (HttpField field : request.getHeaders()) {
      if (field.getValue() != null) {
        requestHeaders.add(field.getName(), field.getValue());
      }
    }
    this.in = Content.Source.asInputStream(request);
    this.out = Content.Sink.asOutputStream(response);
  }

  @Override
  public Headers getRequestHeaders() {
    return requestHeaders;
  }

  @Override
  public Headers getResponseHeaders() {
    return responseHeaders;
  }

  @Override
  public URI getRequestURI() {
    return request.getHttpURI().toURI();
  }

  @Override
  public String getRequestMethod() {
    return request.getMethod();
  }

  /** Handlers here do not use contexts; there is none. */
  @Override
  @Nullable
  public HttpContext getHttpContext() {
    return null;
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      // Unread request content is Jetty's to discard.
    }
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public InputStream getRequestBody() {
    return in;
  }

  @Override
  public OutputStream getResponseBody() {
    return out;
  }

  /** As the JDK server: a length of -1 means no body, 0 a body of unknown length. */
  @Override
  public void sendResponseHeaders(int code, long length) throws IOException {
    if (responseCode != -1) {
      throw new IOException("headers already sent");
    }
    responseCode = code;
    for (Map.Entry<String, List<String>> header : responseHeaders.entrySet()) {
      for (String value : header.getValue()) {
        response.getHeaders().add(header.getKey(), value);
      }
    }
    if (length > 0) {
      response.getHeaders().put("Content-Length", Long.toString(length));
    } else if (length < 0 && code != 204 && code != 304) {
      response.getHeaders().put("Content-Length", "0");
    }
    response.setStatus(code);
  }

  @Override
  @Nullable
  public InetSocketAddress getRemoteAddress() {
    return inet(request.getConnectionMetaData().getRemoteSocketAddress());
  }

  @Override
  public int getResponseCode() {
    return responseCode;
  }

  @Override
  @Nullable
  public InetSocketAddress getLocalAddress() {
    return inet(request.getConnectionMetaData().getLocalSocketAddress());
  }

  @Override
  public String getProtocol() {
    return request.getConnectionMetaData().getProtocol();
  }

  @Override
  public Object getAttribute(String name) {
    return request.getAttribute(name);
  }

  @Override
  public void setAttribute(String name, Object value) {
    request.setAttribute(name, value);
  }

  /** As the JDK server: a null stream leaves that side unchanged. */
  @Override
  public void setStreams(@Nullable InputStream i, @Nullable OutputStream o) {
    if (i != null) {
      in = i;
    }
    if (o != null) {
      out = o;
    }
  }

  @Override
  @Nullable
  public HttpPrincipal getPrincipal() {
    return null;
  }

  @Nullable
  private static InetSocketAddress inet(SocketAddress address) {
    return address instanceof InetSocketAddress ? (InetSocketAddress) address : null;
  }
}
