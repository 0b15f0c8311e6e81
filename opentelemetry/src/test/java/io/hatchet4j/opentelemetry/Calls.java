package io.hatchet4j.opentelemetry;

import io.hatchet4j.interceptor.ActionInfo;
import io.hatchet4j.interceptor.Chain;
import java.util.Map;
import java.util.UUID;

/** Hand-made interceptor chains and assignments, to drive the instrumentor as the SDK does. */
final class Calls {
  static final String TENANT_ID = "7b2b4c1a-0d1e-4f5a-9b8c-6d7e8f9a0b1c";
  static final String WORKER_ID = "0f1e2d3c-4b5a-4968-8776-655443322110";
  static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String PARENT_SPAN_ID = "00f067aa0ba902b7";

  private Calls() {}

  /** What the next link does with the request it is passed. */
  @FunctionalInterface
  interface Terminal<Q, R> {
    R call(Q request) throws Exception;
  }

  /** A chain whose next link is {@code terminal}; remembers the request passed on. */
  static final class RecordingChain<Q, R> implements Chain<Q, R> {
    private final Q request;
    private final Terminal<Q, R> terminal;
    volatile Q proceeded;
    volatile int calls;

    RecordingChain(Q request, Terminal<Q, R> terminal) {
      this.request = request;
      this.terminal = terminal;
    }

    @Override
    public Q request() {
      return request;
    }

    @Override
    public R proceed(Q next) throws Exception {
      calls++;
      proceeded = next;
      return terminal.call(next);
    }
  }

  static <Q, R> RecordingChain<Q, R> chain(Q request, Terminal<Q, R> terminal) {
    return new RecordingChain<>(request, terminal);
  }

  static String uuid() {
    return UUID.randomUUID().toString();
  }

  /** A first attempt of {@code simple:step} with every optional field absent. */
  static ActionInfo action(Map<String, String> metadata) {
    return new ActionInfo(
        TENANT_ID,
        WORKER_ID,
        uuid(),
        uuid(),
        uuid(),
        "simple:step",
        "step",
        "simple",
        0,
        "{\"input\":{\"n\":1}}",
        metadata,
        1,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** A third attempt of a child run of {@code child:work}, triggered by an event, every field set. */
  static ActionInfo fullAction(Map<String, String> metadata) {
    return new ActionInfo(
        TENANT_ID,
        WORKER_ID,
        uuid(),
        uuid(),
        uuid(),
        "child:work",
        "work",
        "child",
        2,
        "{\"input\":{\"n\":2}}",
        metadata,
        3,
        uuid(),
        0,
        "child-key",
        uuid(),
        uuid(),
        uuid(),
        "order:created");
  }
}
