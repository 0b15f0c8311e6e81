package io.hatchet4j.engine.internal.model;

/**
 * A workflow deleted over REST: its versions stay for the runs that used them, but it is no longer
 * listed, triggered or matched, and registering its name again makes a new workflow. Not public API.
 */
public record DeletedWorkflowRecord(String workflowId, String tenantId, long deletedAtMs) {}
