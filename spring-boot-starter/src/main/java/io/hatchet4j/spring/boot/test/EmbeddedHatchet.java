package io.hatchet4j.spring.boot.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a {@code @SpringBootTest} against an embedded Hatchet engine: before the context starts, an
 * engine starts in process on free ports with a tenant of its own, and the {@code hatchet.token},
 * {@code hatchet.host-port} and {@code hatchet.tls-strategy} properties point the context's {@link
 * io.hatchet4j.Hatchet} bean (and so its worker) at it. The engine ({@link
 * io.hatchet4j.engine.HatchetEngine}) and the tenant ({@link io.hatchet4j.engine.Tenant}) are beans
 * the test can inject; the engine stops when the context closes.
 *
 * <p>Needs {@code hatchet4j-engine} and {@code spring-boot-starter-test} on the test class path.
 *
 * <pre>{@code
 * @SpringBootTest
 * @EmbeddedHatchet
 * class GreetingTest {
 *   @Autowired Hatchet hatchet;
 *   @Autowired Workflow<Person, Greeting> greet;
 *
 *   @Test
 *   void greets() {
 *     assertThat(hatchet.run(greet, new Person("Ada")).text()).isEqualTo("Hello, Ada");
 *   }
 * }
 * }</pre>
 *
 * <p>Spring caches contexts across test classes; classes sharing a context share its engine.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface EmbeddedHatchet {}
