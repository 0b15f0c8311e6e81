package io.hatchet4j.engine.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hatchet4j.engine.internal.Durations;
import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.engine.internal.auth.TokenRegistry;
import io.hatchet4j.engine.internal.model.ApiTokenRecord;
import java.time.Duration;

/**
 * Upstream's API token routes: list a tenant's tokens, create one (the only time the token itself
 * is shown), and revoke one, which is refused on gRPC and REST from that moment on.
 */
final class TokenRoutes {
  private final TokenRegistry tokens;

  private TokenRoutes(TokenRegistry tokens) {
    this.tokens = tokens;
  }

  static void addTo(Router.Builder router, TokenRegistry tokens) {
    TokenRoutes routes = new TokenRoutes(tokens);
    router
        .authenticated("GET", "/api/v1/tenants/{tenant}/api-tokens", routes::list)
        .authenticated("POST", "/api/v1/tenants/{tenant}/api-tokens", routes::create)
        .authenticated("POST", "/api/v1/api-tokens/{api-token}", routes::revoke);
  }

  private HttpResponse list(HttpRequest request) {
    ObjectNode body = Json.newObject();
    ArrayNode rows = body.putArray("rows");
    tokens.list(request.requireTenantId()).forEach(record -> rows.add(json(record)));
    return HttpResponse.ok(body);
  }

  /** {@code CreateAPITokenRequest}: a name and an optional Go duration {@code expiresIn}. */
  private HttpResponse create(HttpRequest request) {
    ObjectNode body = Rest.body(request);
    JsonNode name = body.get("name");
    if (name == null || !name.isTextual()) {
      throw EngineException.invalidArgument("name is required");
    }
    JsonNode expiresIn = body.get("expiresIn");
    Duration validFor = null;
    if (expiresIn != null && !expiresIn.isNull()) {
      if (!expiresIn.isTextual()) {
        throw EngineException.invalidArgument("invalid expiration duration");
      }
      validFor = Durations.parse(expiresIn.asText(), "expiresIn");
    }
    TokenRegistry.Issued issued = tokens.issue(request.requireTenantId(), name.asText(), validFor);
    return HttpResponse.ok(Json.newObject().put("token", issued.token()));
  }

  private HttpResponse revoke(HttpRequest request) {
    tokens.revoke(request.requireTenantId(), request.pathParams().get("api-token"));
    return HttpResponse.noContent();
  }

  private static ObjectNode json(ApiTokenRecord record) {
    ObjectNode node = Json.newObject();
    node.set("metadata", Rest.meta(record.id(), record.issuedAtMs(), record.issuedAtMs()));
    node.put("name", record.name());
    node.put("expiresAt", Rest.time(record.expiresAtMs()));
    return node;
  }
}
