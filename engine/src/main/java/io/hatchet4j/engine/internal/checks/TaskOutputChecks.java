package io.hatchet4j.engine.internal.checks;

import io.hatchet4j.engine.internal.EngineException;
import io.hatchet4j.engine.internal.Json;
import io.hatchet4j.proto.events.PutLogRequest;
import io.hatchet4j.proto.events.PutStreamEventRequest;
import java.util.Set;

/**
 * What the real engine refuses in a task's log lines ({@code PutLog}) and stream chunks ({@code
 * PutStreamEvent}), with its codes and texts, in its order. Not public API.
 */
public final class TaskOutputChecks {
  /** Upstream's bounds on a log line, in characters (code points). */
  public static final int MAX_LOG_MESSAGE = 10_000;
  /** The levels upstream stores; a line may also have none. */
  public static final Set<String> LEVELS = Set.of("INFO", "ERROR", "WARN", "DEBUG");

  private TaskOutputChecks() {}

  /** The task run id of a chunk: a UUID. The task's existence is checked where tasks are known. */
  public static void check(PutStreamEventRequest request) {
    requireTaskRunId(request.getTaskRunExternalId());
  }

  /** A log line: the task run id, then metadata (a JSON object if given), then message and level. */
  public static void check(PutLogRequest request) {
    requireTaskRunId(request.getTaskRunExternalId());
    if (!request.getMetadata().isEmpty() && Json.parseObjectOrNull(request.getMetadata()) == null) {
      throw EngineException.invalidArgument("Invalid metadata JSON: metadata is not a JSON object");
    }
    FieldErrors errors = new FieldErrors();
    int length = request.getMessage().codePointCount(0, request.getMessage().length());
    if (length == 0) {
      errors.condition("CreateLogLineOpts.Message", "required");
    } else if (length > MAX_LOG_MESSAGE) {
      // Upstream echoes the whole value; a 10,000-character status text would not fit in gRPC's
      // trailers (the client would see INTERNAL), so only its start is shown.
      errors.condition("CreateLogLineOpts.Message", "max", "10000",
          FieldErrors.stringValue(request.getMessage().substring(0, 64) + "..."));
    }
    if (request.hasLevel() && !LEVELS.contains(request.getLevel())) {
      errors.condition("CreateLogLineOpts.Level", "oneof", "INFO ERROR WARN DEBUG",
          FieldErrors.stringValue(request.getLevel()));
    }
    if (!errors.isEmpty()) {
      throw EngineException.invalidArgument("Invalid request: " + errors.text());
    }
  }

  private static void requireTaskRunId(String id) {
    if (Upstream.uuidError(id) != null) {
      throw EngineException.invalidArgument("task external run id is not a valid uuid");
    }
  }
}
