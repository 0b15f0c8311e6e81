package io.hatchet4j.workflow;

import java.time.Duration;

/**
 * The context of a durable task: a {@link TaskContext} that can wait for time and events in a way
 * that survives worker restarts.
 *
 * <p>The engine stores each wait. When the worker running the task stops mid-wait, the engine gives
 * the task to another worker, the task runs again from the start, and each wait it reaches again
 * resumes the stored one: a sleep ends when it would have ended, an event already received is
 * returned at once.
 *
 * <p>Waits block the calling thread and are interruptible: a cancelled run's wait throws {@link
 * InterruptedException}.
 */
public interface DurableContext extends TaskContext {

  /** Sleeps durably for {@code duration} (whole seconds). */
  WaitResult sleepFor(Duration duration) throws InterruptedException;

  /**
   * Waits until every one of {@code conditions} holds; {@link Condition#anyOf} groups hold when one
   * member does.
   */
  WaitResult waitFor(Condition... conditions) throws InterruptedException;

  /** Waits for an event with {@code eventKey} and returns its payload as {@code payloadType}. */
  <P> P waitForEvent(String eventKey, Class<P> payloadType) throws InterruptedException;
}
