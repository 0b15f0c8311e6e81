package io.hatchet4j.testing;

import io.hatchet4j.testing.internal.HatchetExtension;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
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
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(HatchetExtension.class)
public @interface HatchetTest {}
