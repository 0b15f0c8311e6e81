package io.hatchet4j.examples;

import io.hatchet4j.Hatchet;
import io.hatchet4j.opentelemetry.HatchetInstrumentor;
import io.hatchet4j.worker.Worker;
import io.hatchet4j.worker.WorkerOptions;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Scope;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Traced workflows: a checkout task loads the cart in a span of its own and charges the payment in
 * a child workflow. With {@link HatchetInstrumentor} on the client, the trigger, both tasks, the
 * custom span and the child's trigger form one trace, exported to the engine's collector.
 *
 * <p>Child tasks run on the same worker here; in production they may run in another service or
 * language and still join the trace.
 */
public final class Tracing {
  private Tracing() {}

  public record Cart(String customer, int items) {}

  public record Charge(String customer, int cents) {}

  public record Paid(String paymentId) {}

  public record Receipt(String customer, int cents, String paymentId) {}

  /** Where the application's own spans go: set from the instrumentor once the client starts. */
  static final AtomicReference<Tracer> tracer =
      new AtomicReference<>(GlobalOpenTelemetry.getTracer("hatchet4j-examples"));

  public static final Workflow<Charge, Paid> CHARGE =
      Workflow.standalone(
          Task.builder("charge-card", Charge.class, Paid.class)
              .setHandler((charge, ctx) -> new Paid("pay-" + charge.customer() + "-" + charge.cents()))
              .build());

  public static final Workflow<Cart, Receipt> CHECKOUT =
      Workflow.standalone(
          Task.builder("checkout", Cart.class, Receipt.class)
              .setHandler(
                  (cart, ctx) -> {
                    int cents;
                    // Spans started inside a task join its trace and carry its hatchet.* attributes.
                    Span load = tracer.get().spanBuilder("load-cart").startSpan();
                    try (Scope ignored = load.makeCurrent()) {
                      cents = cart.items() * 1250;
                      load.setAttribute("cart.items", cart.items());
                    } finally {
                      load.end();
                    }
                    Paid paid = ctx.runChild(CHARGE, new Charge(cart.customer(), cents));
                    return new Receipt(cart.customer(), cents, paid.paymentId());
                  })
              .build());

  /** Records the checkout's own spans with the instrumentor's provider, once its client is built. */
  public static void useTracing(HatchetInstrumentor instrumentor) {
    TracerProvider provider = instrumentor.tracerProvider();
    if (provider != null) {
      tracer.set(provider.get("hatchet4j-examples"));
    }
  }

  public static void main(String[] args) {
    try (HatchetInstrumentor tracing = HatchetInstrumentor.create();
        Hatchet hatchet = Hatchet.builder().addInterceptor(tracing).build();
        Worker worker = hatchet.newWorker(WorkerOptions.builder().setName("tracing").build())) {
      useTracing(tracing);
      worker.register(CHECKOUT).register(CHARGE).start();
      System.out.println(hatchet.run(CHECKOUT, new Cart("ada", 3)));
    }
  }
}
