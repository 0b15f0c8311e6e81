package io.hatchet4j.opentelemetry;

import io.opentelemetry.api.common.AttributeKey;

/** Span names and the attribute keys that no exclusion applies to. */
final class SpanKeys {
  static final String START_STEP_RUN = "hatchet.start_step_run";
  static final String CANCEL_STEP_RUN = "hatchet.cancel_step_run";
  static final String RUN_WORKFLOW = "hatchet.run_workflow";
  static final String RUN_WORKFLOWS = "hatchet.run_workflows";
  static final String SCHEDULE_WORKFLOW = "hatchet.schedule_workflow";
  static final String PUSH_EVENT = "hatchet.push_event";
  static final String BULK_PUSH_EVENT = "hatchet.bulk_push_event";
  static final String DURABLE_WAIT_FOR = "hatchet.durable.wait_for";

  /** On every span this module creates; the Hatchet UI tells SDK spans from engine spans by it. */
  static final AttributeKey<String> INSTRUMENTOR = AttributeKey.stringKey("instrumentor");

  static final String INSTRUMENTOR_VALUE = "hatchet";

  static final AttributeKey<String> STEP_RUN_ID = AttributeKey.stringKey("hatchet.step_run_id");
  static final AttributeKey<Long> NUM_WORKFLOWS = AttributeKey.longKey("hatchet.num_workflows");
  static final AttributeKey<String> UNIQUE_WORKFLOW_NAMES = AttributeKey.stringKey("hatchet.unique_workflow_names");
  static final AttributeKey<Long> NUM_EVENTS = AttributeKey.longKey("hatchet.num_events");
  static final AttributeKey<String> UNIQUE_EVENT_KEYS = AttributeKey.stringKey("hatchet.unique_event_keys");

  /** Set on {@code hatchet.start_step_run} when the run was cancelled while the task ran. */
  static final AttributeKey<Boolean> CANCELLED = AttributeKey.booleanKey("hatchet.cancelled");

  // OpenTelemetry messaging semantic conventions, written only when the user opts in.
  static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
  static final AttributeKey<String> MESSAGING_OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
  static final AttributeKey<String> MESSAGING_OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
  static final AttributeKey<String> MESSAGING_DESTINATION_NAME = AttributeKey.stringKey("messaging.destination.name");
  static final AttributeKey<String> MESSAGING_MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
  static final AttributeKey<Long> MESSAGING_BATCH_MESSAGE_COUNT = AttributeKey.longKey("messaging.batch.message_count");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  static final String MESSAGING_SYSTEM_VALUE = "hatchet";

  /** Metadata keys the engine reads to link an event pushed inside a task back to that task. */
  static final String SOURCE_WORKFLOW_RUN_ID = "hatchet__source_workflow_run_id";

  static final String SOURCE_STEP_RUN_ID = "hatchet__source_step_run_id";

  /** Set by the engine on a child run's metadata. */
  static final String PARENT_WORKFLOW_RUN_ID_METADATA = "hatchet__parent_workflow_run_id";

  private SpanKeys() {}
}
