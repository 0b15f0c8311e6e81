package io.hatchet4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void defaultsBackOffFrom100MillisDoublingUpTo5SecondsForTenAttempts() {
    RetryPolicy policy = RetryPolicy.defaults();
    assertThat(policy.maxAttempts()).isEqualTo(10);
    assertThat(policy.backoff(1, 0)).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.backoff(2, 0)).isEqualTo(Duration.ofMillis(200));
    assertThat(policy.backoff(6, 0)).isEqualTo(Duration.ofMillis(3200));
    assertThat(policy.backoff(7, 0)).isEqualTo(Duration.ofSeconds(5));
    assertThat(policy.backoff(9, 0)).isEqualTo(Duration.ofSeconds(5));
    assertThat(policy.backoff(1, 0.5)).isEqualTo(Duration.ofMillis(150));
    Duration window = Duration.ZERO;
    for (int retry = 1; retry < policy.maxAttempts(); retry++) {
      window = window.plus(policy.backoff(retry, 0));
    }
    assertThat(window).as("time the defaults keep trying, without jitter").isEqualTo(Duration.ofMillis(21_300));
  }

  @Test
  void noneMakesOneAttempt() {
    assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
  }

  @Test
  void backoffNeverOverflowsForManyRetries() {
    RetryPolicy policy = RetryPolicy.builder().setMaxAttempts(Integer.MAX_VALUE).setMultiplier(10).build();
    assertThat(policy.backoff(10_000, 1)).isEqualTo(Duration.ofMillis(5100));
  }

  @Test
  void builderRefusesNonsense() {
    assertThatThrownBy(() -> RetryPolicy.builder().setMaxAttempts(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetryPolicy.builder().setMultiplier(0.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetryPolicy.builder().setMultiplier(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetryPolicy.builder().setJitter(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetryPolicy.builder().setInitialBackoff(Duration.ofSeconds(10)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBackoff");
  }

  @Test
  void readsTheOfficialSdksVariables() {
    Map<String, String> env = new HashMap<>();
    env.put("HATCHET_CLIENT_TENACITY_MAX_ATTEMPTS", "3");
    assertThat(config(env).retryPolicy().maxAttempts()).isEqualTo(3);

    env.put("HATCHET_CLIENT_RETRIER_MAX_ATTEMPTS", "6");
    env.put("HATCHET_CLIENT_RETRIER_INITIAL_INTERVAL", "0.25");
    env.put("HATCHET_CLIENT_RETRIER_MAX_JITTER", "40");
    RetryPolicy policy = config(env).retryPolicy();
    assertThat(policy.maxAttempts()).as("TypeScript's variable wins over Python's").isEqualTo(6);
    assertThat(policy.initialBackoff()).isEqualTo(Duration.ofMillis(250));
    assertThat(policy.jitter()).isEqualTo(Duration.ofMillis(40));
    assertThat(policy.maxBackoff()).isEqualTo(RetryPolicy.DEFAULT_MAX_BACKOFF);

    env.put("HATCHET_CLIENT_RETRIER_INITIAL_INTERVAL", "30");
    assertThat(config(env).retryPolicy().maxBackoff()).as("raised to the initial interval").isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void zeroAttemptsInTheEnvironmentTurnRetriesOff() {
    assertThat(config(Map.of("HATCHET_CLIENT_TENACITY_MAX_ATTEMPTS", "0")).retryPolicy()).isEqualTo(RetryPolicy.none());
    assertThat(config(Map.of()).retryPolicy()).isEqualTo(RetryPolicy.defaults());
  }

  @Test
  void malformedVariablesFailWithTheirName() {
    assertThatThrownBy(() -> config(Map.of("HATCHET_CLIENT_RETRIER_MAX_ATTEMPTS", "many")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("HATCHET_CLIENT_RETRIER_MAX_ATTEMPTS");
    assertThatThrownBy(() -> config(Map.of("HATCHET_CLIENT_RETRIER_INITIAL_INTERVAL", "-1")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("HATCHET_CLIENT_RETRIER_INITIAL_INTERVAL");
    assertThatThrownBy(() -> config(Map.of("HATCHET_CLIENT_RETRIER_MAX_JITTER", "-5")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("HATCHET_CLIENT_RETRIER_MAX_JITTER");
  }

  @Test
  void theClientBuildersPolicyWinsOverTheEnvironmentAndAGivenConfig() {
    RetryPolicy custom = RetryPolicy.builder().setMaxAttempts(2).build();
    HatchetConfig fromEnv = config(Map.of("HATCHET_CLIENT_TENACITY_MAX_ATTEMPTS", "4"));
    try (Hatchet hatchet = Hatchet.builder().setConfig(fromEnv).setRetryPolicy(custom).build()) {
      assertThat(hatchet.config().retryPolicy()).isEqualTo(custom);
    }
    HatchetConfig explicit = HatchetConfig.builder().setEnvironment(Map.of()).setToken(Tokens.standard())
        .setRetryPolicy(custom).build();
    assertThat(explicit.toBuilder().build().retryPolicy()).isEqualTo(custom);
  }

  private static HatchetConfig config(Map<String, String> env) {
    Map<String, String> all = new HashMap<>(env);
    all.put("HATCHET_CLIENT_TOKEN", Tokens.standard());
    return HatchetConfig.builder().setEnvironment(all).build();
  }
}
