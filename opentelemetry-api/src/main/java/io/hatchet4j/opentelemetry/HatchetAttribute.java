package io.hatchet4j.opentelemetry;

import io.opentelemetry.api.common.AttributeKey;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code hatchet.*} span attributes a user may exclude, by the short names the official SDKs
 * use in their exclusion lists (for example {@code payload} for {@code hatchet.payload}).
 *
 * <p>Keys that are not listed here ({@code instrumentor}, the counts and name sets of bulk spans,
 * {@code hatchet.cancelled}, and the task run id of {@code hatchet.cancel_step_run}) are never
 * excluded, as in the official SDKs.
 */
enum HatchetAttribute {
  TENANT_ID("tenant_id", Type.STRING),
  WORKER_ID("worker_id", Type.STRING),
  WORKFLOW_RUN_ID("workflow_run_id", Type.STRING),
  STEP_ID("step_id", Type.STRING),
  STEP_RUN_ID("step_run_id", Type.STRING),
  RETRY_COUNT("retry_count", Type.LONG),
  PARENT_WORKFLOW_RUN_ID("parent_workflow_run_id", Type.STRING),
  CHILD_WORKFLOW_INDEX("child_workflow_index", Type.LONG),
  CHILD_WORKFLOW_KEY("child_workflow_key", Type.STRING),
  PAYLOAD("payload", Type.STRING),
  WORKFLOW_NAME("workflow_name", Type.STRING),
  ACTION_NAME("action_name", Type.STRING),
  STEP_NAME("step_name", Type.STRING),
  WORKFLOW_ID("workflow_id", Type.STRING),
  WORKFLOW_VERSION_ID("workflow_version_id", Type.STRING),
  TRIGGERING_EVENT_EXTERNAL_ID("triggering_event_external_id", Type.STRING),
  TRIGGERING_EVENT_KEY("triggering_event_key", Type.STRING),
  NAMESPACE("namespace", Type.STRING),
  ADDITIONAL_METADATA("additional_metadata", Type.STRING),
  PRIORITY("priority", Type.LONG),
  EVENT_KEY("event_key", Type.STRING),
  SCOPE("scope", Type.STRING),
  PARENT_ID("parent_id", Type.STRING),
  PARENT_STEP_RUN_ID("parent_step_run_id", Type.STRING),
  CHILD_INDEX("child_index", Type.LONG),
  CHILD_KEY("child_key", Type.STRING),
  RUN_AT_TIMESTAMPS("run_at_timestamps", Type.STRING),
  TRIGGER_AT("trigger_at", Type.STRING),
  CHILD_WORKFLOW_RUN_ID("child_workflow_run_id", Type.STRING),
  SIGNAL_KEY("signal_key", Type.STRING),
  NUM_CONDITIONS("num_conditions", Type.LONG),
  KEY("key", Type.STRING),
  // Accepted so that an exclusion list written for the Python SDK works here too; this SDK's
  // requests carry no such values, so no span has them.
  DESIRED_WORKER_ID("desired_worker_id", Type.STRING),
  STICKY("sticky", Type.BOOLEAN),
  MEMO_FN_NAME("memo_fn_name", Type.STRING);

  enum Type {
    STRING,
    LONG,
    BOOLEAN
  }

  private static final Map<String, HatchetAttribute> BY_SHORT_NAME = new HashMap<>();

  static {
    for (HatchetAttribute attribute : values()) {
      BY_SHORT_NAME.put(attribute.shortName, attribute);
    }
  }

  private final String shortName;
  private final AttributeKey<String> stringKey;
  private final AttributeKey<Long> longKey;

  HatchetAttribute(String shortName, Type type) {
    this.shortName = shortName;
    String key = "hatchet." + shortName;
    this.stringKey = type == Type.STRING ? AttributeKey.stringKey(key) : null;
    this.longKey = type == Type.LONG ? AttributeKey.longKey(key) : null;
  }

  String shortName() {
    return shortName;
  }

  AttributeKey<String> stringKey() {
    if (stringKey == null) {
      throw new IllegalStateException(this + " is not a string attribute");
    }
    return stringKey;
  }

  AttributeKey<Long> longKey() {
    if (longKey == null) {
      throw new IllegalStateException(this + " is not an integer attribute");
    }
    return longKey;
  }

  /**
   * The attribute with this short name.
   *
   * @throws IllegalArgumentException naming the valid names if there is none
   */
  static HatchetAttribute fromShortName(String shortName) {
    HatchetAttribute attribute = BY_SHORT_NAME.get(shortName);
    if (attribute != null) {
      return attribute;
    }
    String hint =
        shortName.toLowerCase(Locale.ROOT).startsWith("hatchet.")
            ? " (use the short name '" + shortName.substring("hatchet.".length()) + "')"
            : "";
    throw new IllegalArgumentException(
        "unknown attribute '" + shortName + "'" + hint + "; excludable attributes are " + BY_SHORT_NAME.keySet().stream().sorted().toList());
  }
}
