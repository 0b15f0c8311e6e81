package io.hatchet4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hatchet4j.HatchetException;
import org.junit.jupiter.api.Test;

/** Versions are read as the official SDKs read them (Python's parse_semver, TypeScript's parseSemver). */
class EngineVersionTest {

  @Test
  void parsesSemanticVersionsWithOrWithoutTheVAndIgnoresPreReleases() {
    assertThat(EngineVersion.parse("v0.88.1")).containsExactly(0, 88, 1);
    assertThat(EngineVersion.parse("1.2.3")).containsExactly(1, 2, 3);
    assertThat(EngineVersion.parse("v0.80.0-rc.1")).containsExactly(0, 80, 0);
    assertThat(EngineVersion.parse("v0.1.0-alpha.0")).containsExactly(0, 1, 0);
  }

  @Test
  void anythingElseDoesNotParse() {
    for (String nonsense : new String[] {"", "v", "dev", "v1.2", "v1.2.3.4", "v1.x.3", "v1..3", "v-1.2.3", "latest"}) {
      assertThat(EngineVersion.parse(nonsense)).as(nonsense).isNull();
    }
    assertThat(EngineVersion.parse(null)).isNull();
  }

  @Test
  void comparesNumericallyPartByPart() {
    assertThat(EngineVersion.compare("v0.80.0", "v0.78.23")).isPositive();
    assertThat(EngineVersion.compare("v0.78.23", "v0.80.0")).isNegative();
    assertThat(EngineVersion.compare("v0.100.0", "v0.99.9")).isPositive();
    assertThat(EngineVersion.compare("v1.0.0", "v0.200.200")).isPositive();
    assertThat(EngineVersion.compare("0.80.0", "v0.80.0")).isZero();
    assertThat(EngineVersion.compare("v0.80.0-rc.1", "v0.80.0")).as("pre-releases count as the release").isZero();
  }

  @Test
  void unparsableVersionsAndEnginesWithoutGetVersionCountAsOlderThanEveryFeature() {
    assertThat(EngineVersion.of("dev").isAtLeast(EngineVersion.SLOT_CONFIG)).isFalse();
    assertThat(EngineVersion.of("v0.1.0-alpha.0").isAtLeast(EngineVersion.DURABLE_STREAM)).isFalse();
    assertThat(EngineVersion.of(null).isAtLeast(EngineVersion.SLOT_CONFIG)).isFalse();
    assertThat(EngineVersion.of("v0.80.0").isAtLeast(EngineVersion.DURABLE_STREAM)).isTrue();
    assertThat(EngineVersion.of("v0.88.1").isAtLeast(EngineVersion.DURABLE_STREAM)).isTrue();
  }

  @Test
  void aMissingFeatureFailsNamingTheFeatureAndBothVersions() {
    assertThatThrownBy(() -> EngineVersion.of("v0.78.0").require(EngineVersion.DURABLE_STREAM, "durable tasks", "engine:7070"))
        .isInstanceOf(HatchetException.class)
        .hasMessageStartingWith("durable tasks need Hatchet engine v0.80.0 or newer; the engine at engine:7070 reports v0.78.0");
    assertThatThrownBy(() -> EngineVersion.of("dev").require(EngineVersion.DURABLE_STREAM, "durable tasks", "engine:7070"))
        .hasMessageContaining("reports 'dev', which is not a version");
    assertThatThrownBy(() -> EngineVersion.of(null).require(EngineVersion.DURABLE_STREAM, "durable tasks", "engine:7070"))
        .hasMessageContaining("does not report its version");
    EngineVersion.of("v0.82.0").require(EngineVersion.DURABLE_STREAM, "durable tasks", "engine:7070");
  }
}
