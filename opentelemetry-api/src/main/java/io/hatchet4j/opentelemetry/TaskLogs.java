package io.hatchet4j.opentelemetry;

import io.hatchet4j.interceptor.ActionInfo;
import io.hatchet4j.workflow.TaskContext;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.LoggerProvider;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.context.Context;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Turns a task's log lines ({@link TaskContext#log}) into OpenTelemetry log records carrying the
 * task's trace and span ids, when a logger provider is present. The line still goes to the engine
 * as before.
 */
final class TaskLogs {
  private static final AttributeKey<String> STEP_RUN_ID = AttributeKey.stringKey("hatchet.step_run_id");
  private static final AttributeKey<String> WORKFLOW_RUN_ID = AttributeKey.stringKey("hatchet.workflow_run_id");
  private static final AttributeKey<Long> RETRY_COUNT = AttributeKey.longKey("hatchet.retry_count");
  private static final AttributeKey<String> ACTION_NAME = AttributeKey.stringKey("hatchet.action_name");
  private static final Method LOG;

  static {
    try {
      LOG = TaskContext.class.getMethod("log", String.class);
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Logger logger;

  private TaskLogs(Logger logger) {
    this.logger = logger;
  }

  /** Log records to {@code provider}, or null when there is none (a no-op provider or null). */
  static TaskLogs create(LoggerProvider provider, String version) {
    if (provider == null || provider == LoggerProvider.noop()) {
      return null;
    }
    return new TaskLogs(provider.loggerBuilder(HatchetTelemetry.INSTRUMENTATION_NAME).setInstrumentationVersion(version).build());
  }

  /**
   * {@code context} with its {@code log} lines also emitted as log records in {@code taskContext}
   * (the task's span current); every other method is the original's.
   */
  TaskContext wrap(TaskContext context, ActionInfo action, Context taskContext) {
    if (context == null) {
      return null;
    }
    AttributesBuilder attributes = Attributes.builder().put(RETRY_COUNT, (long) action.retryCount()).put(ACTION_NAME, action.actionId());
    if (AttributeWriter.isUuid(action.taskRunId())) {
      attributes.put(STEP_RUN_ID, action.taskRunId());
    }
    if (AttributeWriter.isUuid(action.workflowRunId())) {
      attributes.put(WORKFLOW_RUN_ID, action.workflowRunId());
    }
    Attributes recordAttributes = attributes.build();
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (method.equals(LOG) && args != null && args.length == 1) {
            emit(String.valueOf(args[0]), recordAttributes, taskContext);
          }
          try {
            return method.invoke(context, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    try {
      return (TaskContext) PROXIES.get(context.getClass()).newInstance(handler);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return context; // the lines still reach the engine, as records they are lost
    }
  }

  /** The proxy class's constructor for each context class, found once: a task pays one reflective call. */
  private static final ClassValue<Constructor<?>> PROXIES = new ProxyConstructors();

  private static final class ProxyConstructors extends ClassValue<Constructor<?>> {
    @Override
    @SuppressWarnings("deprecation") // getProxyClass: the class is created once and cached here
    protected Constructor<?> computeValue(Class<?> type) {
      try {
        return Proxy.getProxyClass(type.getClassLoader(), interfaces(type)).getConstructor(InvocationHandler.class);
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private void emit(String line, Attributes attributes, Context taskContext) {
    try {
      logger.logRecordBuilder()
          .setContext(taskContext)
          .setSeverity(Severity.INFO)
          .setSeverityText("INFO")
          .setBody(line)
          .setAllAttributes(attributes)
          .emit();
    } catch (RuntimeException e) {
      // The line still reaches the engine; the record is lost.
    }
  }

  private static Class<?>[] interfaces(Class<?> type) {
    Set<Class<?>> all = new LinkedHashSet<>();
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      collect(c, all);
    }
    return all.toArray(new Class<?>[0]);
  }

  private static void collect(Class<?> type, Set<Class<?>> all) {
    for (Class<?> i : type.getInterfaces()) {
      if (all.add(i)) {
        collect(i, all);
      }
    }
  }
}
