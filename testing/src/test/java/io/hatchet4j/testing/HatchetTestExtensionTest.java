package io.hatchet4j.testing;

import static io.hatchet4j.testing.TestWorkflows.UPPER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hatchet4j.EngineException;
import io.hatchet4j.Hatchet;
import io.hatchet4j.engine.EngineClock;
import io.hatchet4j.engine.HatchetEngine;
import io.hatchet4j.testing.TestWorkflows.Name;
import io.hatchet4j.testing.TestWorkflows.Upper;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@HatchetTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HatchetTestExtensionTest {
  private static final Set<HatchetEngine> ENGINES = new HashSet<>();
  private static final Set<String> TENANTS = new HashSet<>();

  private HatchetTestEnvironment environment;

  @BeforeEach
  void remember(HatchetTestEnvironment environment, HatchetEngine engine) {
    this.environment = environment;
    ENGINES.add(engine);
    TENANTS.add(environment.tenant().id());
  }

  @Test
  @Order(1)
  void runsAWorkflowOnAWorkerOfTheTestsTenant(Hatchet hatchet) {
    environment.startWorker(UPPER);

    assertThat(hatchet.run(UPPER, new Name("ada"))).isEqualTo(new Upper("ADA"));
    assertThat(hatchet.config().tenantId()).isEqualTo(environment.tenant().id());
  }

  @Test
  @Order(2)
  void eachTestHasItsOwnTenantOnTheClassesEngine(Hatchet hatchet) {
    // The worker of the previous test was stopped and belonged to another tenant.
    assertThatThrownBy(() -> hatchet.run(UPPER, new Name("x")))
        .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.code()).isEqualTo("INVALID_ARGUMENT"))
        .hasMessageContaining("workflow names not found");
    assertThat(ENGINES).hasSize(1);
    assertThat(TENANTS).hasSize(2);
  }

  @Test
  @Order(3)
  void moreClientsShareTheTenant() {
    environment.startWorker(UPPER);
    Hatchet another = environment.newClient();

    assertThat(another.run(UPPER, new Name("lin"))).isEqualTo(new Upper("LIN"));
  }

  @Test
  @Order(4)
  void timeIsTheWallClocksUnlessVirtualTimeIsAskedFor(HatchetEngine engine) {
    Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Instant now = environment.now();
    assertThat(now).isBetween(before, Instant.now());
    assertThat(environment.virtualTime()).isFalse();
    assertThat(engine.options().clock()).isSameAs(EngineClock.system());
    assertThatThrownBy(() -> environment.advance(Duration.ofHours(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("@HatchetTest(virtualTime = true)");
  }
}
