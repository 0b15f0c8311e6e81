package io.hatchet4j.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Calls the engine's REST API as the SDKs do: JSON bodies, {@code Authorization: Bearer <token>}. */
final class Rest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A response: its status and its JSON body (a missing node when empty). */
  record Answer(int status, JsonNode body) {}

  private final HatchetEngine engine;
  private final String token;

  Rest(HatchetEngine engine, String token) {
    this.engine = engine;
    this.token = token;
  }

  Answer get(String path) throws Exception {
    return call("GET", path, null);
  }

  Answer post(String path, String json) throws Exception {
    return call("POST", path, json);
  }

  Answer patch(String path, String json) throws Exception {
    return call("PATCH", path, json);
  }

  Answer delete(String path) throws Exception {
    return call("DELETE", path, null);
  }

  Answer call(String method, String path, String json) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(engine.httpUrl() + path))
        .timeout(Duration.ofSeconds(15))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    JsonNode body = response.body().isEmpty() ? MAPPER.missingNode() : MAPPER.readTree(response.body());
    return new Answer(response.statusCode(), body);
  }
}
