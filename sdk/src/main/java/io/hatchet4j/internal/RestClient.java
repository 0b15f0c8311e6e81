package io.hatchet4j.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hatchet4j.ConfigurationException;
import io.hatchet4j.EngineException;
import io.hatchet4j.HatchetConfig;
import io.hatchet4j.HatchetException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Calls the engine's REST API for the operations the official SDKs perform over REST (cancel,
 * schedules, crons, worker pause), on the same routes and with the same JSON. Not public API.
 */
final class RestClient {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HatchetConfig config;
  private final ObjectMapper mapper = new ObjectMapper();
  private final HttpClient http;

  RestClient(HatchetConfig config) {
    this.config = config;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** {@code /api/v1/tenants/{tenant}} followed by {@code path}. */
  String tenantPath(String path) {
    return "/api/v1/tenants/" + encode(config.tenantId()) + path;
  }

  /** {@code /api/v1/stable/tenants/{tenant}} followed by {@code path}. */
  String stableTenantPath(String path) {
    return "/api/v1/stable/tenants/" + encode(config.tenantId()) + path;
  }

  static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String query(Map<String, ?> parameters) {
    return parameters.entrySet().stream()
        .filter(entry -> entry.getValue() != null)
        .map(entry -> encode(entry.getKey()) + "=" + encode(String.valueOf(entry.getValue())))
        .collect(Collectors.joining("&", "?", ""));
  }

  JsonNode get(String path, String operation) {
    return send("GET", path, null, operation);
  }

  JsonNode post(String path, Object body, String operation) {
    return send("POST", path, body, operation);
  }

  JsonNode patch(String path, Object body, String operation) {
    return send("PATCH", path, body, operation);
  }

  JsonNode delete(String path, String operation) {
    return send("DELETE", path, null, operation);
  }

  private JsonNode send(String method, String path, Object body, String operation) {
    String base =
        config.serverUrl()
            .orElseThrow(
                () ->
                    new ConfigurationException(
                        operation + " needs the engine's REST address: set HATCHET_CLIENT_SERVER_URL or use a token with a server_url claim"));
    HttpRequest.BodyPublisher publisher;
    try {
      publisher = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new HatchetException(operation + ": request could not be written as JSON", e);
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(stripTrailingSlash(base) + path))
            .timeout(TIMEOUT)
            .header("Authorization", "Bearer " + config.token())
            .header("Accept", "application/json")
            .header("Content-Type", "application/json")
            .method(method, publisher)
            .build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new EngineException("UNAVAILABLE", operation + " failed: the engine's REST API at " + base + " cannot be reached: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HatchetException(operation + " was interrupted", e);
    }
    JsonNode json = parse(response.body());
    if (response.statusCode() / 100 != 2) {
      throw new EngineException(
          httpCode(response.statusCode()), operation + " failed with HTTP " + response.statusCode() + describeErrors(json), null);
    }
    return json;
  }

  private JsonNode parse(byte[] body) {
    if (body.length == 0) {
      return mapper.missingNode();
    }
    try {
      return mapper.readTree(body);
    } catch (IOException e) {
      return mapper.getNodeFactory().textNode(new String(body, StandardCharsets.UTF_8));
    }
  }

  private static String describeErrors(JsonNode body) {
    JsonNode errors = body.path("errors");
    if (errors.isArray() && errors.size() > 0) {
      StringBuilder text = new StringBuilder(":");
      errors.forEach(error -> text.append(' ').append(error.path("description").asText(error.toString())));
      return text.toString();
    }
    return body.isTextual() && !body.asText().isBlank() ? ": " + body.asText() : "";
  }

  /** The gRPC code name closest to an HTTP status, so callers handle both transports alike. */
  static String httpCode(int status) {
    switch (status) {
      case 400:
        return "INVALID_ARGUMENT";
      case 401:
        return "UNAUTHENTICATED";
      case 403:
        return "PERMISSION_DENIED";
      case 404:
        return "NOT_FOUND";
      case 409:
        return "ALREADY_EXISTS";
      case 429:
        return "RESOURCE_EXHAUSTED";
      case 501:
        return "UNIMPLEMENTED";
      case 503:
        return "UNAVAILABLE";
      default:
        return status >= 500 ? "INTERNAL" : "UNKNOWN";
    }
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
