package io.hatchet4j.opentelemetry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.time.TestClock;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class UnimplementedBackoffExporterTest {
  private final TestClock clock = TestClock.create();
  private final Scripted inner = new Scripted();
  private final UnimplementedBackoffExporter exporter = new UnimplementedBackoffExporter(inner, clock);

  /** An exporter that answers each export with the next scripted outcome. */
  private static final class Scripted implements SpanExporter {
    final Deque<Supplier<CompletableResultCode>> outcomes = new ArrayDeque<>();
    int exports;

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      exports++;
      return outcomes.remove().get();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  private static Supplier<CompletableResultCode> failing(Throwable failure) {
    return () -> CompletableResultCode.ofExceptionalFailure(failure);
  }

  private boolean export() {
    return exporter.export(List.of()).isSuccess();
  }

  @Test
  void anotherOutcomeClearsTheBackoff() {
    inner.outcomes.add(failing(Status.UNIMPLEMENTED.asRuntimeException()));
    inner.outcomes.add(failing(Status.UNAVAILABLE.asRuntimeException()));
    inner.outcomes.add(CompletableResultCode::ofSuccess);
    inner.outcomes.add(failing(new IllegalStateException("wrapped", Status.UNIMPLEMENTED.asException())));

    assertThat(export()).isTrue();
    assertThat(export()).as("skipped").isTrue();
    assertThat(inner.exports).isEqualTo(1);

    clock.advance(Duration.ofMinutes(5));
    assertThat(export()).as("UNAVAILABLE is a real failure").isFalse();
    assertThat(export()).as("and no back-off: sent at once").isTrue();
    assertThat(export()).as("a wrapped UNIMPLEMENTED counts").isTrue();
    assertThat(inner.exports).isEqualTo(4);
  }

  @Test
  void unimplementedNamedOnlyInAMessageCounts() {
    inner.outcomes.add(failing(new RuntimeException("export failed: UNIMPLEMENTED: unknown service")));

    assertThat(export()).isTrue();
    assertThat(export()).isTrue();
    assertThat(inner.exports).isEqualTo(1);
  }

  @Test
  void anExporterThatThrowsIsAFailureNotAnException() {
    inner.outcomes.add(() -> {
      throw new IllegalStateException("broken exporter");
    });

    assertThat(export()).isFalse();
  }
}
