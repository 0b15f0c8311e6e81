package io.hatchet4j.examples;

import io.hatchet4j.Hatchet;
import io.hatchet4j.worker.Worker;
import io.hatchet4j.worker.WorkerOptions;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import io.hatchet4j.workflow.WorkflowResult;

/**
 * A DAG: an order is validated, then charged and reserved in parallel, then shipped with what both
 * returned.
 */
public final class DagWorkflow {
  private DagWorkflow() {}

  public record Order(String id, String item, int cents) {}

  public record Validated(boolean valid) {}

  public record Charged(String paymentId, int cents) {}

  public record Reserved(String warehouse) {}

  public record Shipped(String trackingNumber, String paymentId, String warehouse) {}

  public static final Task<Order, Validated> VALIDATE =
      Task.builder("validate", Order.class, Validated.class)
          .setHandler((order, ctx) -> new Validated(order.cents() > 0 && !order.item().isBlank()))
          .build();

  public static final Task<Order, Charged> CHARGE =
      Task.builder("charge", Order.class, Charged.class)
          .addParent(VALIDATE)
          .setHandler(
              (order, ctx) -> {
                if (!ctx.parentOutput(VALIDATE).valid()) {
                  throw new io.hatchet4j.NonRetryableException("order " + order.id() + " is invalid");
                }
                return new Charged("pay-" + order.id(), order.cents());
              })
          .build();

  public static final Task<Order, Reserved> RESERVE =
      Task.builder("reserve", Order.class, Reserved.class)
          .addParent(VALIDATE)
          .setHandler((order, ctx) -> new Reserved(order.item().length() % 2 == 0 ? "east" : "west"))
          .build();

  public static final Task<Order, Shipped> SHIP =
      Task.builder("ship", Order.class, Shipped.class)
          .addParents(CHARGE, RESERVE)
          .setHandler(
              (order, ctx) ->
                  new Shipped(
                      "track-" + order.id(),
                      ctx.parentOutput(CHARGE).paymentId(),
                      ctx.parentOutput(RESERVE).warehouse()))
          .build();

  public static final Workflow<Order, WorkflowResult> FULFILMENT =
      Workflow.builder("order-fulfilment", Order.class).addTask(SHIP).build();

  public static void main(String[] args) {
    try (Hatchet hatchet = Hatchet.fromEnvironment();
        Worker worker = hatchet.newWorker(WorkerOptions.builder().setName("dag-workflow").build())) {
      worker.register(FULFILMENT).start();
      WorkflowResult result = hatchet.run(FULFILMENT, new Order("o-1", "kettle", 2599));
      System.out.println(result.output(SHIP));
    }
  }
}
