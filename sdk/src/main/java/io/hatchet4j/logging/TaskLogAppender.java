package io.hatchet4j.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import io.hatchet4j.LogLevel;
import io.hatchet4j.internal.TaskLogSink;

/**
 * A Logback appender that copies what a task's code logs through SLF4J into the task run's log
 * (Python's SDK captures its {@code logging} the same way), so it shows with the run and comes back
 * from {@link io.hatchet4j.Hatchet#logs()}.
 *
 * <p>Opt-in: add it to {@code logback.xml} next to your usual appenders; events logged outside a
 * task are ignored, so it can stay attached to the root logger:
 *
 * <pre>{@code
 * <appender name="hatchet" class="io.hatchet4j.logging.TaskLogAppender"/>
 * <root level="INFO">
 *   <appender-ref ref="console"/>
 *   <appender-ref ref="hatchet"/>
 * </root>
 * }</pre>
 *
 * <p>An event is copied when it is logged on the thread running a task's handler (threads the
 * handler starts are not followed; log with {@link io.hatchet4j.workflow.TaskContext#log} there).
 * Levels map as the official SDKs map theirs: TRACE and DEBUG to {@code DEBUG}, then {@code INFO},
 * {@code WARN}, {@code ERROR}; an event's exception is appended to its message. Use Logback's
 * filters (for example a {@code ThresholdFilter}) to choose what is copied. The SDK's and gRPC's
 * own logging is never copied. Logback is an optional dependency of the SDK: applications that use
 * this appender have it already.
 *
 * <p>While a task runs, the SDK also puts {@code hatchet.workflow_run_id} and {@code
 * hatchet.task_run_id} in SLF4J's MDC, for any logging backend's patterns.
 */
public final class TaskLogAppender extends AppenderBase<ILoggingEvent> {
  private static final ThreadLocal<Boolean> APPENDING = new ThreadLocal<>();

  @Override
  protected void append(ILoggingEvent event) {
    String logger = event.getLoggerName();
    if (logger.startsWith("io.hatchet4j.") || logger.startsWith("io.grpc.") || APPENDING.get() != null) {
      return; // the SDK's own lines, and anything logged while sending one, would loop
    }
    APPENDING.set(Boolean.TRUE);
    try {
      TaskLogSink.log(level(event.getLevel()), message(event));
    } finally {
      APPENDING.remove();
    }
  }

  private static String message(ILoggingEvent event) {
    String message = event.getFormattedMessage();
    IThrowableProxy thrown = event.getThrowableProxy();
    return thrown == null ? message : message + "\n" + ThrowableProxyUtil.asString(thrown);
  }

  /** Logback's level as the engine's: what Python's SDK does with its levels. */
  static LogLevel level(Level level) {
    if (level.isGreaterOrEqual(Level.ERROR)) {
      return LogLevel.ERROR;
    }
    if (level.isGreaterOrEqual(Level.WARN)) {
      return LogLevel.WARN;
    }
    if (level.isGreaterOrEqual(Level.INFO)) {
      return LogLevel.INFO;
    }
    return LogLevel.DEBUG;
  }
}
