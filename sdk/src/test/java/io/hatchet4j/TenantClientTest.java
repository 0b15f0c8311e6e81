package io.hatchet4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.hatchet4j.features.TenantInfo;
import org.junit.jupiter.api.Test;

/** {@code hatchet.tenant()} end to end through the embedded engine. */
class TenantClientTest extends EngineTest {

  @Test
  void theTokensTenantIsReadWithItsEngineGeneration() {
    TenantInfo tenant = hatchet.tenant().get();

    assertThat(tenant.id()).isEqualTo(fixture.engine.tenantId()).isEqualTo(hatchet.config().tenantId());
    assertThat(tenant.version()).isEqualTo("V1");
    assertThat(tenant.name()).isNotBlank();
    assertThat(tenant.slug()).isNotBlank();
  }
}
