package io.hatchet4j.opentelemetry;

import static io.hatchet4j.opentelemetry.Calls.action;
import static io.hatchet4j.opentelemetry.Calls.chain;
import static org.assertj.core.api.Assertions.assertThat;

import io.hatchet4j.Hatchet;
import io.hatchet4j.HatchetConfig;
import io.hatchet4j.interceptor.ActionInfo;
import io.hatchet4j.interceptor.TaskRun;
import io.hatchet4j.opentelemetry.internal.OtlpExporters;
import io.hatchet4j.opentelemetry.internal.UnimplementedBackoffExporter;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A collector that misbehaves costs a bounded wait and a quiet log: close returns within the export
 * timeout, and an outage is one warning line, not a stack trace per export.
 */
class QuietBoundedExportTest {
  private static final Duration EXPORT_TIMEOUT = Duration.ofSeconds(1);
  /** Scheduling slack on a busy machine; the point is seconds, not the old 10. */
  private static final Duration MARGIN = Duration.ofSeconds(3);

  /** A loopback TCP server that accepts every connection and never sends a byte. */
  private static final class BlackHole implements AutoCloseable {
    final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    final List<Socket> accepted = new CopyOnWriteArrayList<>();
    final Thread acceptor;

    BlackHole() throws IOException {
      acceptor =
          new Thread(
              () -> {
                while (!server.isClosed()) {
                  try {
                    accepted.add(server.accept());
                  } catch (IOException e) {
                    return;
                  }
                }
              },
              "black-hole");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    String hostPort() {
      return "127.0.0.1:" + server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      server.close();
      for (Socket socket : accepted) {
        socket.close();
      }
    }
  }

  private static void runTask(HatchetInstrumentor instrumentor) throws Exception {
    ActionInfo action = action(Map.of());
    instrumentor.executeTask(chain(new TaskRun(action, new TestTaskContext(action)), run -> null));
  }

  @Test
  void clientCloseReturnsWithinTheExportTimeoutWhenTheCollectorNeverAnswers() throws Exception {
    try (BlackHole collector = new BlackHole()) {
      HatchetConfig config = Configs.config(collector.hostPort(), "");
      HatchetInstrumentor instrumentor =
          HatchetInstrumentor.builder().setEnvironment(Map.of()).setExportTimeout(EXPORT_TIMEOUT).setScheduleDelayMillis(1).build();
      Hatchet hatchet = Hatchet.builder().setConfig(config).addInterceptor(instrumentor).build();
      for (int i = 0; i < 20; i++) {
        runTask(instrumentor);
      }

      long start = System.nanoTime();
      hatchet.close();
      Duration clientClose = Duration.ofNanos(System.nanoTime() - start);
      start = System.nanoTime();
      instrumentor.close();
      Duration instrumentorClose = Duration.ofNanos(System.nanoTime() - start);

      assertThat(collector.accepted).as("the exporter did reach the silent collector").isNotEmpty();
      assertThat(clientClose).as("client close").isLessThan(EXPORT_TIMEOUT.plus(MARGIN));
      assertThat(instrumentorClose).as("instrumentor close").isLessThan(EXPORT_TIMEOUT.plus(MARGIN));
    }
  }

  @Test
  void theDefaultExportTimeoutIsAFewSeconds() {
    assertThat(HatchetInstrumentor.DEFAULT_EXPORT_TIMEOUT).isEqualTo(Duration.ofSeconds(3));
    assertThat(HatchetInstrumentor.CLOSE_TIMEOUT).isEqualTo(HatchetInstrumentor.DEFAULT_EXPORT_TIMEOUT);
  }

  @Test
  void anExportToASilentCollectorFailsWithinTheTimeout() throws Exception {
    try (BlackHole collector = new BlackHole()) {
      SpanExporter exporter = OtlpExporters.create(Configs.config(collector.hostPort(), ""), EXPORT_TIMEOUT);
      SdkTracerProvider provider = SdkTracerProvider.builder().build();
      provider.get("t").spanBuilder("s").startSpan().end();
      long start = System.nanoTime();
      CompletableResultCode result = exporter.export(List.of(sampleSpan()));
      result.join(EXPORT_TIMEOUT.plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS);
      assertThat(result.isDone()).isTrue();
      assertThat(result.isSuccess()).isFalse();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(EXPORT_TIMEOUT.plus(MARGIN));
      CompletableResultCode shutdown = exporter.shutdown().join(EXPORT_TIMEOUT.plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS);
      assertThat(shutdown.isSuccess()).isTrue();
      provider.close();
    }
  }

  /** A finished span to export. */
  private static SpanData sampleSpan() {
    List<SpanData> finished = new ArrayList<>();
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(new SpanExporter() {
              @Override
              public CompletableResultCode export(java.util.Collection<SpanData> spans) {
                finished.addAll(spans);
                return CompletableResultCode.ofSuccess();
              }

              @Override
              public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
              }

              @Override
              public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
              }
            }))
            .build();
    provider.get("t").spanBuilder("s").startSpan().end();
    provider.close();
    return finished.get(0);
  }

  /** Captures what the exporter logs through SLF4J (slf4j-simple writes to System.err) and through java.util.logging. */
  private static final class CapturedLogs implements AutoCloseable {
    private final PrintStream original = System.err;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<LogRecord> jul = new CopyOnWriteArrayList<>();
    private final Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            jul.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    private final Logger root = Logger.getLogger("");

    CapturedLogs() {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      root.addHandler(handler);
    }

    String text() {
      return err.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
      System.setErr(original);
      root.removeHandler(handler);
      original.print(text());
    }
  }

  @Test
  void anUnreachableCollectorIsOneWarningPerOutageWithoutStackTraces() throws Exception {
    String refused;
    try (OtlpReceiver gone = OtlpReceiver.collector()) {
      refused = gone.hostPort();
    }
    AtomicInteger failures = new AtomicInteger();
    try (CapturedLogs logs = new CapturedLogs()) {
      SpanExporter exporter = new UnimplementedBackoffExporter(OtlpExporters.create(Configs.config(refused, ""), EXPORT_TIMEOUT), Clock.getDefault());
      for (int i = 0; i < 5; i++) {
        CompletableResultCode result = exporter.export(List.of(sampleSpan())).join(EXPORT_TIMEOUT.plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS);
        assertThat(result.isDone()).isTrue();
        if (!result.isSuccess()) {
          failures.incrementAndGet();
        }
      }
      exporter.shutdown().join(EXPORT_TIMEOUT.plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS);

      assertThat(failures).as("every export failed").hasValue(5);
      String text = logs.text();
      assertThat(text.lines().filter(line -> line.contains("cannot export spans to the Hatchet engine")).count())
          .as("one warning for the outage, in %s", text)
          .isEqualTo(1);
      assertThat(text).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception:");
      assertThat(logs.jul).as("nothing through java.util.logging").filteredOn(r -> r.getLevel().intValue() >= java.util.logging.Level.INFO.intValue()).isEmpty();
    }
  }

  @Test
  void aCollectorThatGoesAwayIsWarnedAboutOnce() throws Exception {
    try (CapturedLogs logs = new CapturedLogs()) {
      OtlpReceiver receiver = OtlpReceiver.collector();
      String hostPort = receiver.hostPort();
      SpanExporter exporter = OtlpExporters.create(Configs.config(hostPort, ""), EXPORT_TIMEOUT);
      assertThat(exporter.export(List.of(sampleSpan())).join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
      receiver.close();
      assertThat(exporter.export(List.of(sampleSpan())).join(10, TimeUnit.SECONDS).isSuccess()).isFalse();
      assertThat(exporter.export(List.of(sampleSpan())).join(10, TimeUnit.SECONDS).isSuccess()).isFalse();
      exporter.shutdown().join(10, TimeUnit.SECONDS);

      String text = logs.text();
      assertThat(text.lines().filter(line -> line.contains("cannot export spans to the Hatchet engine")).count()).as(text).isEqualTo(1);
      assertThat(text).doesNotContain("\tat ");
    }
  }
}
