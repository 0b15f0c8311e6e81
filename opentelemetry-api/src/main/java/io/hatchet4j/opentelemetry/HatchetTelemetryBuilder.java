package io.hatchet4j.opentelemetry;

import static java.util.Objects.requireNonNull;

import io.opentelemetry.api.OpenTelemetry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Builds a {@link HatchetTelemetry}. Each setter checks its value at once. Unlike {@code
 * HatchetInstrumentor}, it reads no environment variables: what is not set has its default. Not
 * thread-safe.
 */
public final class HatchetTelemetryBuilder {
  private final OpenTelemetry openTelemetry;
  private Set<HatchetAttribute> excludedAttributes = Set.of();
  private boolean includeTaskNameInSpanName;
  private boolean individualRunSpansForBulkRun;
  private boolean childRunLinks;
  private boolean messagingSemanticConventions;
  private boolean metrics = true;
  private boolean logs = true;
  private HatchetSpanNameExtractor spanNameExtractor;
  private final List<HatchetAttributesExtractor> attributesExtractors = new ArrayList<>();
  private HatchetSpanStatusExtractor spanStatusExtractor;

  HatchetTelemetryBuilder(OpenTelemetry openTelemetry) {
    this.openTelemetry = openTelemetry;
  }

  /**
   * Attributes never to record, by short name ({@code "payload"} for {@code hatchet.payload}), as
   * the official SDKs name them. Default: none.
   *
   * @throws IllegalArgumentException for a name that is not an excludable attribute
   */
  public HatchetTelemetryBuilder setExcludedAttributes(Collection<String> shortNames) {
    this.excludedAttributes = Options.attributes(requireNonNull(shortNames, "shortNames"));
    return this;
  }

  /** Whether the task span is named {@code hatchet.start_step_run.<workflow>:<task>}. Default false. */
  public HatchetTelemetryBuilder setIncludeTaskNameInSpanName(boolean include) {
    this.includeTaskNameInSpanName = include;
    return this;
  }

  /** Whether a bulk trigger gets a {@code hatchet.run_workflow} span per run. Default false. */
  public HatchetTelemetryBuilder setIndividualRunSpansForBulkRun(boolean individual) {
    this.individualRunSpansForBulkRun = individual;
    return this;
  }

  /** Whether a child run's task span starts a trace of its own, linked to its trigger. Default false. */
  public HatchetTelemetryBuilder setChildRunLinks(boolean links) {
    this.childRunLinks = links;
    return this;
  }

  /** Whether spans also carry OpenTelemetry's messaging semantic-convention attributes. Default false. */
  public HatchetTelemetryBuilder setMessagingSemanticConventions(boolean enable) {
    this.messagingSemanticConventions = enable;
    return this;
  }

  /** Whether metrics are recorded through the instance's meter provider. Default true. */
  public HatchetTelemetryBuilder setMetricsEnabled(boolean enable) {
    this.metrics = enable;
    return this;
  }

  /** Whether task log lines become log records through the instance's logs bridge. Default true. */
  public HatchetTelemetryBuilder setTaskLogsEnabled(boolean enable) {
    this.logs = enable;
    return this;
  }

  /** Names the spans; default: the names the official SDKs use. */
  public HatchetTelemetryBuilder setSpanNameExtractor(HatchetSpanNameExtractor extractor) {
    this.spanNameExtractor = requireNonNull(extractor, "extractor");
    return this;
  }

  /** Adds attributes of your own to every span; extractors run in the order added. */
  public HatchetTelemetryBuilder addAttributesExtractor(HatchetAttributesExtractor extractor) {
    this.attributesExtractors.add(requireNonNull(extractor, "extractor"));
    return this;
  }

  /** Decides the spans' status; default: see {@link HatchetSpanStatusExtractor}. */
  public HatchetTelemetryBuilder setSpanStatusExtractor(HatchetSpanStatusExtractor extractor) {
    this.spanStatusExtractor = requireNonNull(extractor, "extractor");
    return this;
  }

  public HatchetTelemetry build() {
    Options options =
        new Options(excludedAttributes, includeTaskNameInSpanName, individualRunSpansForBulkRun, childRunLinks, messagingSemanticConventions);
    String version = HatchetTelemetry.version();
    Instrumentation instrumentation =
        new Instrumentation(
            options,
            TraceContext.of(openTelemetry.getPropagators()),
            spanNameExtractor,
            attributesExtractors,
            spanStatusExtractor,
            new Metrics(metrics ? openTelemetry.getMeterProvider() : null, version),
            logs ? TaskLogs.create(openTelemetry.getLogsBridge(), version) : null);
    return new HatchetTelemetry(
        instrumentation, openTelemetry.getTracerProvider().get(HatchetTelemetry.INSTRUMENTATION_NAME, version));
  }

  // For HatchetInstrumentor, in the artifact that carries the SDK.
  static Instrumentation instrumentation(
      Options options,
      HatchetSpanNameExtractor spanNames,
      List<HatchetAttributesExtractor> attributes,
      HatchetSpanStatusExtractor status,
      io.opentelemetry.api.metrics.MeterProvider meterProvider,
      io.opentelemetry.api.logs.LoggerProvider loggerProvider) {
    String version = HatchetTelemetry.version();
    return new Instrumentation(
        options,
        TraceContext.W3C_ONLY,
        spanNames,
        attributes,
        status,
        new Metrics(meterProvider, version),
        TaskLogs.create(loggerProvider, version));
  }
}
