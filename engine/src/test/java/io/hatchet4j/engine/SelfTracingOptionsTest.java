package io.hatchet4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hatchet4j.engine.SelfTracingOptions.Protocol;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the engine's own tracing is configured: standard OTEL_* variables, upstream's SERVER_OTEL_*, flags. */
class SelfTracingOptionsTest {

  @Test
  void standardVariablesFollowTheSpecification() {
    SelfTracingOptions http = SelfTracingOptions.fromEnvironment(Map.of(
        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/",
        "OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Bearer%20abc, x-team = ops",
        "OTEL_EXPORTER_OTLP_TIMEOUT", "2500",
        "OTEL_SERVICE_NAME", "dev-engine")).orElseThrow();
    assertThat(http.protocol()).isEqualTo(Protocol.HTTP_PROTOBUF);
    assertThat(http.endpoint()).hasToString("http://collector:4318/v1/traces");
    assertThat(http.headers()).containsExactlyInAnyOrderEntriesOf(
        Map.of("authorization", "Bearer abc", "x-team", "ops"));
    assertThat(http.timeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(http.serviceName()).isEqualTo("dev-engine");

    SelfTracingOptions traces = SelfTracingOptions.fromEnvironment(Map.of(
        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://ignored:4318",
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "https://collector/custom/path")).orElseThrow();
    assertThat(traces.endpoint()).hasToString("https://collector/custom/path");
    assertThat(traces.serviceName()).isEqualTo(SelfTracingOptions.DEFAULT_SERVICE_NAME);

    SelfTracingOptions grpc = SelfTracingOptions.fromEnvironment(Map.of(
        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317",
        "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "grpc")).orElseThrow();
    assertThat(grpc.protocol()).isEqualTo(Protocol.GRPC);
    assertThat(grpc.endpoint()).hasToString("http://collector:4317");
  }

  @Test
  void offUnlessAnEndpointIsSetAndWhenDisabled() {
    assertThat(SelfTracingOptions.fromEnvironment(Map.of("OTEL_SERVICE_NAME", "x"))).isEmpty();
    assertThat(SelfTracingOptions.fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318",
        "OTEL_SDK_DISABLED", "true"))).isEmpty();
    assertThat(SelfTracingOptions.fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318",
        "OTEL_TRACES_EXPORTER", "none"))).isEmpty();
  }

  @Test
  void upstreamServerOtelVariables() {
    SelfTracingOptions tls = SelfTracingOptions.fromEnvironment(Map.of(
        "SERVER_OTEL_COLLECTOR_URL", "collector:4317",
        "SERVER_OTEL_COLLECTOR_AUTH", "Bearer xyz",
        "SERVER_OTEL_SERVICE_NAME", "engine",
        "SERVER_OTEL_TRACE_ID_RATIO", "0.25")).orElseThrow();
    assertThat(tls.protocol()).isEqualTo(Protocol.GRPC);
    assertThat(tls.endpoint()).hasToString("https://collector:4317");
    assertThat(tls.headers()).containsEntry("authorization", "Bearer xyz");
    assertThat(tls.serviceName()).isEqualTo("engine");
    assertThat(tls.sampleRatio()).isEqualTo(0.25);
    SelfTracingOptions insecure = SelfTracingOptions.fromEnvironment(Map.of(
        "SERVER_OTEL_COLLECTOR_URL", "collector:4317", "SERVER_OTEL_INSECURE", "true")).orElseThrow();
    assertThat(insecure.endpoint()).hasToString("http://collector:4317");
  }

  @Test
  void badValuesAreRefusedWithTheirName() {
    assertThatThrownBy(() -> SelfTracingOptions.fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "c:4318",
        "OTEL_EXPORTER_OTLP_PROTOCOL", "http/json")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("grpc or http/protobuf");
    assertThatThrownBy(() -> SelfTracingOptions.builder("collector:4318"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http:// or https://");
    assertThatThrownBy(() -> SelfTracingOptions.parseHeaders("novalue"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key=value");
    assertThatThrownBy(() -> SelfTracingOptions.builder("http://c:1").setSampleRatio(1.5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void commandLineFlagsOverTheEnvironment() {
    EngineOptions options = Main.parse(new String[] {"dev", "--otel-endpoint", "http://flags:4317",
        "--otel-protocol", "grpc", "--otel-headers", "x-a=1", "--otel-service-name", "cli-engine"},
        Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://env:4318", "OTEL_EXPORTER_OTLP_HEADERS", "x-b=2"));
    SelfTracingOptions tracing = options.selfTracing().orElseThrow();
    assertThat(tracing.endpoint()).hasToString("http://flags:4317");
    assertThat(tracing.protocol()).isEqualTo(Protocol.GRPC);
    assertThat(tracing.headers()).containsEntry("x-a", "1").containsEntry("x-b", "2");
    assertThat(tracing.serviceName()).isEqualTo("cli-engine");

    assertThat(Main.parse(new String[] {"dev"}, Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://env:4318"))
        .selfTracing()).isPresent();
    assertThat(Main.parse(new String[] {"dev"}).selfTracing()).isEmpty();
    assertThatThrownBy(() -> Main.parse(new String[] {"dev", "--otel-service-name", "x"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs --otel-endpoint");
  }
}
