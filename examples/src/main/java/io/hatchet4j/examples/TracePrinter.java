package io.hatchet4j.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Prints a run's trace, as the engine's trace API serves it, as an indented tree. */
final class TracePrinter {
  private TracePrinter() {}

  /** Reads the run's trace from the engine and returns it as text, one span per line. */
  static String render(URI engine, String token, String runId) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(engine.resolve("/api/v1/hatchet4j/runs/" + runId + "/trace"))
            .header("Authorization", "Bearer " + token)
            .build();
    HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      return "  (no trace: HTTP " + response.statusCode() + ")";
    }
    List<JsonNode> spans = new ArrayList<>();
    new ObjectMapper().readTree(response.body()).path("rows").forEach(spans::add);
    spans.sort(Comparator.comparing(span -> span.path("startTimeUnixNano").asText("0"), Comparator.comparingLong(Long::parseLong)));
    Set<String> ids = new HashSet<>();
    spans.forEach(span -> ids.add(span.path("spanId").asText()));
    Map<String, List<JsonNode>> children = new LinkedHashMap<>();
    List<JsonNode> roots = new ArrayList<>();
    for (JsonNode span : spans) {
      String parent = span.path("parentSpanId").asText("");
      if (parent.isEmpty() || !ids.contains(parent)) {
        roots.add(span);
      } else {
        children.computeIfAbsent(parent, key -> new ArrayList<>()).add(span);
      }
    }
    StringBuilder text = new StringBuilder();
    roots.forEach(root -> append(text, root, children, ""));
    return text.toString();
  }

  private static void append(StringBuilder text, JsonNode span, Map<String, List<JsonNode>> children, String indent) {
    text.append(String.format(
        Locale.ROOT,
        "  %-58s %-9s %-16s %8.1f ms%s%n",
        indent + span.path("spanName").asText(),
        span.path("spanKind").asText(),
        span.path("serviceName").asText(),
        span.path("durationNs").asLong() / 1e6,
        "ERROR".equals(span.path("statusCode").asText()) ? "  ERROR" : ""));
    for (JsonNode child : children.getOrDefault(span.path("spanId").asText(), List.of())) {
      append(text, child, children, indent + "  ");
    }
  }
}
