package io.hatchet4j;

/**
 * The level of a task's log line, as the engine stores it ({@code PutLogRequest.level}) and as the
 * official SDKs map their logging levels onto it.
 */
public enum LogLevel {
  DEBUG,
  INFO,
  WARN,
  ERROR
}
