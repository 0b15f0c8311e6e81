package io.hatchet4j.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.hatchet4j.HatchetException;
import io.hatchet4j.proto.v1.CreateWorkflowVersionRequest;
import io.hatchet4j.proto.v1.DefaultFilter;
import io.hatchet4j.workflow.Workflow;

/**
 * The JSON values a workflow definition declares, serialized with the client's mapper at
 * registration: the cron input and the payloads of its event filters. Not public API.
 */
final class DeclaredInputs {
  private DeclaredInputs() {}

  static void addTo(CreateWorkflowVersionRequest.Builder request, ObjectMapper mapper, Workflow<?, ?> workflow) {
    workflow.cronInput().ifPresent(input -> request.setCronInput(object(mapper, input, workflow, "cron input")));
    for (io.hatchet4j.workflow.DefaultFilter filter : workflow.defaultFilters()) {
      DefaultFilter.Builder proto = DefaultFilter.newBuilder().setExpression(filter.expression()).setScope(filter.scope());
      filter.payloadIfAny().ifPresent(payload -> proto.setPayload(
          ByteString.copyFromUtf8(object(mapper, payload, workflow, "payload of filter '" + filter.expression() + "'"))));
      request.addDefaultFilters(proto);
    }
  }

  private static String object(ObjectMapper mapper, Object value, Workflow<?, ?> workflow, String what) {
    try {
      return Json.text(Json.toObject(mapper, value, what));
    } catch (IllegalArgumentException e) {
      throw new HatchetException("cannot register workflow " + workflow.name() + ": " + e.getMessage(), e);
    }
  }
}
