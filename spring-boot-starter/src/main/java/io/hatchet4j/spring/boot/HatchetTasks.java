package io.hatchet4j.spring.boot;

import io.hatchet4j.workflow.AsyncTaskHandler;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.TaskContext;
import io.hatchet4j.workflow.TaskHandler;
import io.hatchet4j.workflow.Workflow;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/**
 * The standalone workflows made from the application's {@link HatchetTask} methods, which the
 * application's worker runs. Inject it to trigger them:
 *
 * <pre>{@code
 * Workflow<Person, Greeting> greet = tasks.workflow("greet", Person.class, Greeting.class);
 * Greeting greeting = hatchet.run(greet, new Person("Ada"));
 * }</pre>
 */
public final class HatchetTasks implements BeanPostProcessor {
  private final Map<String, Workflow<?, ?>> workflows = new ConcurrentHashMap<>();

  HatchetTasks() {}

  /** Every workflow made from a {@link HatchetTask} method. */
  public List<Workflow<?, ?>> workflows() {
    return List.copyOf(workflows.values());
  }

  /**
   * The workflow of the {@link HatchetTask} method named {@code name}, typed.
   *
   * @throws IllegalArgumentException if there is none, or its types are not these
   */
  @SuppressWarnings("unchecked")
  public <I, O> Workflow<I, O> workflow(String name, Class<I> inputType, Class<O> outputType) {
    Workflow<?, ?> workflow = workflows.get(name);
    if (workflow == null) {
      throw new IllegalArgumentException("no @HatchetTask method is named " + name + "; there are " + workflows.keySet());
    }
    if (!workflow.inputType().equals(inputType) || !workflow.resultType().equals(outputType)) {
      throw new IllegalArgumentException("@HatchetTask " + name + " takes " + workflow.inputType().getName()
          + " and returns " + workflow.resultType().getName());
    }
    return (Workflow<I, O>) workflow;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    Class<?> type = AopUtils.getTargetClass(bean);
    Map<Method, HatchetTask> methods =
        MethodIntrospector.selectMethods(
            type,
            (MethodIntrospector.MetadataLookup<HatchetTask>)
                method -> AnnotatedElementUtils.findMergedAnnotation(method, HatchetTask.class));
    methods.forEach((method, annotation) -> add(toWorkflow(bean, type, method, annotation)));
    return bean;
  }

  private void add(Workflow<?, ?> workflow) {
    Workflow<?, ?> previous = workflows.putIfAbsent(workflow.name(), workflow);
    if (previous != null) {
      throw new IllegalStateException("two @HatchetTask methods are named " + workflow.name());
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Workflow<?, ?> toWorkflow(Object bean, Class<?> type, Method method, HatchetTask annotation) {
    String where = type.getName() + "." + method.getName();
    Class<?>[] parameters = method.getParameterTypes();
    if (parameters.length == 0 || parameters.length > 2 || (parameters.length == 2 && !TaskContext.class.isAssignableFrom(parameters[1]))) {
      throw new IllegalStateException("@HatchetTask " + where + " must take (input) or (input, TaskContext)");
    }
    Method target = AopUtils.selectInvocableMethod(method, bean.getClass());
    ReflectionUtils.makeAccessible(target);
    boolean async = CompletionStage.class.isAssignableFrom(method.getReturnType());
    Class<?> output =
        async
            ? ResolvableType.forMethodReturnType(method).as(CompletionStage.class).resolveGeneric(0)
            : method.getReturnType();
    if (output == null || output == void.class || output == Void.class) {
      output = Map.class; // no output: the task reports {}
    }
    String name = annotation.name().isEmpty() ? method.getName() : annotation.name();
    Task.Builder builder = Task.builder(name, parameters[0], output).setRetries(annotation.retries());
    if (annotation.executionTimeoutSeconds() > 0) {
      builder.setExecutionTimeout(Duration.ofSeconds(annotation.executionTimeoutSeconds()));
    }
    TaskHandler<Object, Object> invoke = (input, context) -> invoke(bean, target, parameters.length, input, context);
    if (async) {
      builder.setAsyncHandler((AsyncTaskHandler) (input, context) -> (CompletionStage) invoke.run(input, context));
    } else {
      builder.setHandler(invoke);
    }
    Workflow.Builder workflow = Workflow.builder(name, parameters[0]);
    for (String event : annotation.onEvents()) {
      workflow.addEventTrigger(event);
    }
    for (String cron : annotation.onCron()) {
      workflow.addCronTrigger(cron);
    }
    return workflow.buildStandalone(builder.build());
  }

  private static Object invoke(Object bean, Method method, int arity, Object input, TaskContext context) throws Exception {
    try {
      return arity == 1 ? method.invoke(bean, input) : method.invoke(bean, input, context);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }
}
