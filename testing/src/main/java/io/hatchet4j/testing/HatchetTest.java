package io.hatchet4j.testing;

import io.hatchet4j.testing.internal.HatchetExtension;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class against an embedded Hatchet engine, in process, on free ports.
 *
 * <p>One engine serves the whole class; each test gets a tenant of its own, so runs, workers and
 * workflows of one test are invisible to the next. Test methods (and {@code @BeforeEach} methods)
 * can declare parameters of these types:
 *
 * <ul>
 *   <li>{@link io.hatchet4j.Hatchet}: a client of the test's tenant, closed after the test along
 *       with every worker it created;
 *   <li>{@link HatchetTestEnvironment}: the engine and the test's tenant, to make more clients or
 *       workers;
 *   <li>{@link Runs}: the tenant's workflow runs, and waits for their statuses;
 *   <li>{@link Spans}: the spans of those runs' traces, and waits for them (see there how to trace
 *       a test's client so that its spans arrive quickly);
 *   <li>{@link io.hatchet4j.engine.HatchetEngine}: the engine itself.
 * </ul>
 *
 * <pre>{@code
 * @HatchetTest
 * class GreetingTest {
 *   @Test
 *   void greets(Hatchet hatchet) {
 *     hatchet.newWorker(WorkerOptions.builder().setName("test").build()).register(GREET).start();
 *     assertThat(hatchet.run(GREET, new Person("Ada")).text()).isEqualTo("Hello, Ada");
 *   }
 *
 *   @Test
 *   void recordsTheRun(Hatchet hatchet, HatchetTestEnvironment env, Runs runs) {
 *     env.startWorker(GREET);
 *     String runId = hatchet.runNoWait(GREET, new Person("Lin")).runId();
 *     assertThat(runs.await(runId, RunStatus.COMPLETED).task("greet")).isPresent();
 *   }
 * }
 * }</pre>
 *
 * <h2>Virtual time</h2>
 *
 * <p>With {@code @HatchetTest(virtualTime = true)} the engine runs on a {@link
 * io.hatchet4j.engine.VirtualClock}: its time stands still until the test moves it with {@link
 * HatchetTestEnvironment#advance(Duration)}, which fires every engine timer that falls due on the
 * way (schedules, crons, retry backoff, execution and schedule timeouts, durable sleeps) and
 * returns once the engine has acted on them. A test of an hourly schedule or a day-long durable
 * sleep then takes milliseconds:
 *
 * <pre>{@code
 * @HatchetTest(virtualTime = true)
 * class ReminderTest {
 *   @Test
 *   void remindsAnHourLater(Hatchet hatchet, HatchetTestEnvironment env, Runs runs) {
 *     env.startWorker(REMIND);
 *     hatchet.schedule(REMIND, env.now().plus(Duration.ofHours(1)), new Note("stretch"));
 *
 *     env.advance(Duration.ofMinutes(59));
 *     assertThat(runs.list()).isEmpty(); // not yet: the engine has acted on everything due so far
 *
 *     env.advance(Duration.ofMinutes(1));
 *     runs.awaitAll(run -> run.status().equals("COMPLETED"), Runs.DEFAULT_TIMEOUT);
 *   }
 * }
 * }</pre>
 *
 * <p>Only the engine's time is virtual. Workers run tasks on real threads, so wait for their
 * results as usual ({@link Runs#await}), and mind that an advance does not wait for them: a task
 * still running when the advance passes its execution timeout times out, as it would had it really
 * run that long. Advance in steps and await the runs in between when tasks should finish first.
 * gRPC deadlines and heartbeats keep to the wall clock, and workers with an open listen stream
 * stay alive however far time moves. The tests of a class share
 * one clock, which only moves forward. Compute times from {@link HatchetTestEnvironment#now()}, not
 * from {@code Instant.now()}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(HatchetExtension.class)
public @interface HatchetTest {

  /**
   * Runs the class's engine on virtual time that only {@link HatchetTestEnvironment#advance}
   * moves; off by default, when the engine keeps to the wall clock. Nested classes share the
   * engine of the outermost class, whose setting counts.
   *
   * @since 0.1.0
   */
  boolean virtualTime() default false;
}
