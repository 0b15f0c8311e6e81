package io.hatchet4j.engine.internal.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hatchet4j.engine.internal.Json;

/**
 * A JSON response.
 *
 * @param body any value Jackson can write
 */
record HttpResponse(int status, Object body) {
  public static HttpResponse ok(Object body) {
    return new HttpResponse(200, body);
  }

  /** 204 without a body, as upstream answers deletes. */
  public static HttpResponse noContent() {
    return new HttpResponse(204, "");
  }

  /** An error in upstream's {@code APIErrors} shape: {@code {"errors":[{"description":...}]}}. */
  public static HttpResponse error(int status, String description) {
    ObjectNode body = Json.newObject();
    ArrayNode errors = body.putArray("errors");
    errors.addObject().put("description", description);
    return new HttpResponse(status, body);
  }
}
