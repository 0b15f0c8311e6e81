package io.hatchet4j.engine.internal.traces;

import static java.nio.charset.StandardCharsets.US_ASCII;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hatchet4j.engine.internal.Ids;
import io.hatchet4j.engine.internal.Json;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import javax.annotation.Nullable;

/**
 * The deterministic trace and span ids of engine spans, bit-exact with upstream Hatchet, and the
 * W3C {@code traceparent} the engine stamps on runs.
 *
 * <p>Not public API. An id is the first bytes of SHA-256 over a fixed ASCII prefix followed by the
 * raw bytes of UUIDs (network order), so the engine, a test or another tool computes the same id
 * for the same run without asking anyone. Ids are returned as lower-case hex.
 */
public final class TraceIds {
  /** The additional-metadata key of the W3C trace context. */
  public static final String TRACEPARENT = "traceparent";
  /** Metadata key the SDKs set on events pushed from inside a task: the task's workflow run. */
  public static final String SOURCE_WORKFLOW_RUN_ID = "hatchet__source_workflow_run_id";
  /** Metadata key the SDKs set on events pushed from inside a task: the task run. */
  public static final String SOURCE_STEP_RUN_ID = "hatchet__source_step_run_id";

  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] WF_TRACE = "hatchet-engine-wf-trace:".getBytes(US_ASCII);
  private static final byte[] WF_SPAN = "hatchet-engine-wf-span:".getBytes(US_ASCII);
  private static final byte[] SR_SPAN = "hatchet-engine-sr-span:".getBytes(US_ASCII);
  private static final byte[] EVT_SPAN = "hatchet-engine-evt-span:".getBytes(US_ASCII);

  private TraceIds() {}

  /** {@code T(run)}: the trace of a workflow run triggered without a trace context. */
  public static String workflowRunTraceId(String runId) {
    return derive(16, WF_TRACE, uuid(runId));
  }

  /** {@code W(run)}: the span id of the engine's {@code hatchet.engine.workflow_run} span. */
  public static String workflowRunSpanId(String runId) {
    return derive(8, WF_SPAN, uuid(runId));
  }

  /**
   * {@code S(task, retry, type)}: the span id of a task attempt's engine span.
   *
   * @param type {@code "queued"} or {@code "step_run"}
   */
  public static String taskSpanId(String taskRunId, int retryCount, String type) {
    byte[] retry = ByteBuffer.allocate(4).putInt(retryCount).array();
    return derive(8, SR_SPAN, uuid(taskRunId), retry, type.getBytes(US_ASCII));
  }

  /** {@code E(event, run)}: the span id of an event's engine span for one run. */
  public static String eventSpanId(String eventId, String runId) {
    return derive(8, EVT_SPAN, uuid(eventId), uuid(runId));
  }

  /** A parsed {@code traceparent}: a 32-hex trace id and, if usable, a 16-hex parent span id. */
  public record TraceParent(String traceId, @Nullable String spanId) {}

  /**
   * Parses a {@code traceparent}: four dash-separated parts, the second a 32-character hex trace id
   * that is not all zeros (W3C calls that invalid); the span id is kept only if it is 16 hex
   * characters, not all zeros.
   */
  public static Optional<TraceParent> parseTraceparent(@Nullable String value) {
    if (value == null) {
      return Optional.empty();
    }
    String[] parts = value.strip().split("-", -1);
    if (parts.length != 4 || !isHex(parts[1], 32) || isZero(parts[1])) {
      return Optional.empty();
    }
    String spanId = isHex(parts[2], 16) && !isZero(parts[2]) ? parts[2].toLowerCase() : null;
    return Optional.of(new TraceParent(parts[1].toLowerCase(), spanId));
  }

  /**
   * Whether a run may keep this {@code traceparent} as it is: version {@code 00}-style two hex
   * digits (not {@code ff}), a valid trace id and span id, two hex digits of flags. Anything else is
   * replaced when the run is created, so that unrelated runs never share a made-up trace.
   */
  public static boolean isValidTraceparent(@Nullable String value) {
    if (value == null) {
      return false;
    }
    String[] parts = value.strip().split("-", -1);
    return parts.length == 4 && isHex(parts[0], 2) && !parts[0].equalsIgnoreCase("ff")
        && isHex(parts[3], 2)
        && parseTraceparent(value).map(p -> p.spanId() != null).orElse(false);
  }

  private static boolean isZero(String hex) {
    for (int i = 0; i < hex.length(); i++) {
      if (hex.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }

  /** The valid {@code traceparent} in a run's additional metadata (a JSON object), if any. */
  public static Optional<TraceParent> traceparentOf(@Nullable String metadataJson) {
    return metadataString(metadataJson, TRACEPARENT).flatMap(TraceIds::parseTraceparent);
  }

  /** A string value of a metadata JSON object, if present. */
  public static Optional<String> metadataString(@Nullable String metadataJson, String key) {
    ObjectNode metadata = Json.parseObjectOrNull(metadataJson);
    JsonNode value = metadata == null ? null : metadata.get(key);
    return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
  }

  /** A metadata value that is a UUID, in canonical form. */
  public static Optional<String> metadataUuid(@Nullable String metadataJson, String key) {
    return metadataString(metadataJson, key).map(Ids::canonicalOrNull);
  }

  /**
   * Returns the run's metadata with a valid {@code traceparent}: the caller's if it has one,
   * else (none, or an invalid one such as all zeros) {@code 00-<trace>-<W(run)>-01}, as upstream's
   * engine stamps every run it creates so that a worker's spans join the run's trace even when the
   * trigger was not traced.
   *
   * @param metadataJson the run's additional metadata, a JSON object
   * @param ownerTraceId the trace to join: a parent run's trace for a child run, {@code T(source
   *     run)} for a run triggered by an event pushed from a task, else {@code T(run)}
   */
  public static String ensureTraceparent(String metadataJson, String runId, String ownerTraceId) {
    ObjectNode metadata = Json.parseObjectOrNull(metadataJson);
    if (metadata == null) {
      metadata = Json.newObject();
    }
    JsonNode existing = metadata.get(TRACEPARENT);
    if (existing != null && existing.isTextual() && isValidTraceparent(existing.asText())) {
      return metadataJson;
    }
    metadata.put(TRACEPARENT, "00-" + ownerTraceId + "-" + workflowRunSpanId(runId) + "-01");
    return metadata.toString();
  }

  /**
   * The trace a new run joins when its trigger carried no trace context: its parent run's, the
   * run that pushed the triggering event, or its own derived one.
   *
   * @param parentRunMetadata the parent run's (already stamped) metadata, for child runs
   */
  public static String ownerTraceId(String runId, String metadataJson, @Nullable String parentRunId,
      @Nullable String parentRunMetadata) {
    if (parentRunId != null) {
      return traceparentOf(parentRunMetadata).map(TraceParent::traceId)
          .orElseGet(() -> workflowRunTraceId(parentRunId));
    }
    return metadataUuid(metadataJson, SOURCE_WORKFLOW_RUN_ID).map(TraceIds::workflowRunTraceId)
        .orElseGet(() -> workflowRunTraceId(runId));
  }

  /** Lower-case hex of bytes. */
  public static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  /** Whether {@code text} is exactly {@code length} hex digits. */
  static boolean isHex(String text, int length) {
    if (text.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (Character.digit(text.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] uuid(String id) {
    UUID uuid = UUID.fromString(id);
    return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits())
        .array();
  }

  private static String derive(int length, byte[]... parts) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
    for (byte[] part : parts) {
      sha256.update(part);
    }
    byte[] digest = sha256.digest();
    byte[] id = new byte[length];
    System.arraycopy(digest, 0, id, 0, length);
    return hex(id);
  }
}
