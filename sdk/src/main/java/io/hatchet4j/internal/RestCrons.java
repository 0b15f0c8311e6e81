package io.hatchet4j.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hatchet4j.CronTrigger;
import io.hatchet4j.Crons;
import io.hatchet4j.TriggerOptions;
import io.hatchet4j.workflow.Workflow;
import java.util.List;
import java.util.Locale;

/** {@link Crons} over the engine's cron routes, as the official SDKs call them. Not public API; thread-safe. */
final class RestCrons implements Crons {
  private final ClientRuntime runtime;
  private final RestClient rest;
  private final WorkflowLookup workflows;

  RestCrons(ClientRuntime runtime) {
    this.runtime = runtime;
    this.rest = runtime.rest();
    this.workflows = new WorkflowLookup(runtime);
  }

  @Override
  public <I> CronTrigger create(Workflow<I, ?> workflow, String name, String expression, I input, TriggerOptions options) {
    requireNonNull(workflow, "workflow");
    requireNonNull(options, "options");
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("cron trigger name must not be blank");
    }
    EngineRules.requireCron(expression);
    var trigger = runtime.newTrigger(workflow, input, options);
    ObjectNode body = runtime.mapper().createObjectNode();
    body.put("cronName", name);
    body.put("cronExpression", expression.trim());
    try {
      body.set("input", Json.parse(trigger.input()));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("input was serialized as invalid JSON", e);
    }
    body.set("additionalMetadata", runtime.mapper().valueToTree(trigger.additionalMetadata()));
    if (trigger.priority() != null) {
      body.put("priority", trigger.priority());
    }
    // The TypeScript SDK lower-cases the name in the path; the engine matches it either way.
    String path = rest.tenantPath("/workflows/" + RestClient.encode(trigger.workflowName().toLowerCase(Locale.ROOT)) + "/crons");
    return cron(rest.post(path, body, "creating cron trigger " + name + " of " + workflow.name()));
  }

  @Override
  public List<CronTrigger> list() {
    return list(null);
  }

  @Override
  public List<CronTrigger> list(Workflow<?, ?> workflow) {
    RestQuery query = new RestQuery().add("limit", 1000)
        .add("workflowId", workflow == null ? null : workflows.id(workflow.name()));
    return RestRows.rows(rest.get(rest.tenantPath("/workflows/crons" + query), "listing cron triggers"), RestCrons::cron);
  }

  @Override
  public void delete(String cronId) {
    rest.delete(path(cronId), "deleting cron trigger " + cronId);
  }

  @Override
  public CronTrigger get(String cronId) {
    return cron(rest.get(path(cronId), "reading cron trigger " + cronId));
  }

  private String path(String cronId) {
    return rest.tenantPath("/workflows/crons/" + RestClient.encode(requireNonNull(cronId, "cronId")));
  }

  /** Upstream's {@code CronWorkflows}. */
  private static CronTrigger cron(JsonNode cron) {
    return new CronTrigger(
        RestRows.id(cron),
        cron.path("name").asText(),
        cron.path("workflowName").asText(),
        cron.path("cron").asText(),
        cron.path("enabled").asBoolean(true));
  }
}
