package io.hatchet4j.internal;

import io.hatchet4j.Crons;
import io.hatchet4j.Schedules;
import io.hatchet4j.features.Events;
import io.hatchet4j.features.Filters;
import io.hatchet4j.features.Logs;
import io.hatchet4j.features.Metrics;
import io.hatchet4j.features.Runs;
import io.hatchet4j.features.Tenant;
import io.hatchet4j.features.Workers;
import io.hatchet4j.features.Workflows;

/**
 * The feature clients of one {@link io.hatchet4j.Hatchet} client, made once: each is a few
 * references to the shared REST client. Not public API; thread-safe.
 */
public final class FeatureClients {
  private final Runs runs;
  private final Workflows workflows;
  private final Workers workers;
  private final Events events;
  private final Filters filters;
  private final Logs logs;
  private final Metrics metrics;
  private final Tenant tenant;
  private final Schedules schedules;
  private final Crons crons;

  public FeatureClients(ClientRuntime runtime) {
    RestRuns restRuns = runtime.runs();
    this.runs = restRuns;
    this.workflows = new RestWorkflows(runtime);
    this.workers = new RestWorkers(runtime);
    this.events = new RestEvents(runtime);
    this.filters = new RestFilters(runtime);
    this.logs = new RestLogs(runtime);
    this.metrics = new RestMetrics(runtime, restRuns);
    this.tenant = new RestTenant(runtime);
    this.schedules = new RestSchedules(runtime);
    this.crons = new RestCrons(runtime);
  }

  public Runs runs() {
    return runs;
  }

  public Workflows workflows() {
    return workflows;
  }

  public Workers workers() {
    return workers;
  }

  public Events events() {
    return events;
  }

  public Filters filters() {
    return filters;
  }

  public Logs logs() {
    return logs;
  }

  public Metrics metrics() {
    return metrics;
  }

  public Tenant tenant() {
    return tenant;
  }

  public Schedules schedules() {
    return schedules;
  }

  public Crons crons() {
    return crons;
  }
}
