package io.hatchet4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hatchet4j.Hatchet;
import io.hatchet4j.HatchetConfig;
import io.hatchet4j.RunRef;
import io.hatchet4j.TlsStrategy;
import io.hatchet4j.engine.EngineOptions;
import io.hatchet4j.engine.HatchetEngine;
import io.hatchet4j.examples.Tracing.Cart;
import io.hatchet4j.examples.Tracing.Receipt;
import io.hatchet4j.opentelemetry.HatchetInstrumentor;
import io.hatchet4j.opentelemetry.HatchetSpanProcessors;
import io.hatchet4j.worker.Worker;
import io.hatchet4j.worker.WorkerOptions;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The engine's trace viewer in real headless Chromium: a traced run with a child, its waterfall
 * nested producer → engine → consumer → custom spans, the span panel, and a 10,000-span trace.
 *
 * <p>Skipped unless Debian's {@code chromium} and {@code chromium-driver} are installed. Leaves
 * screenshots in {@code target/screenshots/}.
 */
class TraceViewerBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static HatchetEngine engine;
  private static HatchetInstrumentor instrumentor;
  private static Hatchet hatchet;
  private static Worker worker;
  private static WebDriver browser;

  @BeforeAll
  static void start(@TempDir Path profile) {
    boolean browserInstalled = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    // CI installs the browser (.ci/run), so there a missing browser is a failure, not a skip.
    if (System.getenv("CI") != null && !browserInstalled) {
      throw new IllegalStateException("CI must install the chromium and chromium-driver packages");
    }
    assumeTrue(browserInstalled, "needs the chromium and chromium-driver packages");
    engine = HatchetEngine.start(EngineOptions.builder().setGrpcPort(0).setHttpPort(0).build());
    // The instrumentor's own pipeline to the engine's collector, exporting every 200 ms.
    instrumentor = HatchetInstrumentor.builder().setScheduleDelayMillis(200).build();
    hatchet = Hatchet.builder().setToken(engine.token()).setHostPort(engine.grpcTarget())
        .setTlsStrategy(TlsStrategy.NONE).addInterceptor(instrumentor).build();
    Tracing.useTracing(instrumentor);
    worker = hatchet.newWorker(WorkerOptions.builder().setName("browser-test").build());
    worker.register(Tracing.CHECKOUT).register(Tracing.CHARGE).start();

    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--no-first-run", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
        "--window-size=1600,1200");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (worker != null) {
      worker.close();
    }
    if (hatchet != null) {
      hatchet.close();
    }
    if (instrumentor != null) {
      instrumentor.close();
    }
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  void theRunPageShowsTheTraceNestedFromProducerToCustomSpans() throws Exception {
    RunRef<Receipt> run = hatchet.runNoWait(Tracing.CHECKOUT, new Cart("ada", 3));
    assertThat(run.await().cents()).isEqualTo(3750);
    instrumentor.forceFlush().get(10, TimeUnit.SECONDS);
    awaitSpans(run.runId(), 2, "load-cart");

    browser.get(engine.httpUrl() + "/#token=" + engine.token() + "&run=" + run.runId());
    WebElement parentProducer = await("the producer row", () -> rows("hatchet.run_workflow").stream()
        .filter(row -> row.getAttribute("data-ancestors").isEmpty()).findFirst().orElse(null));
    List<WebElement> consumers = await("both task rows", () -> {
      List<WebElement> found = rows("hatchet.start_step_run");
      return found.size() == 2 ? found : null;
    });
    String producerId = parentProducer.getAttribute("data-span-id");
    // Every task span sits under the producer: the parent's directly (via the engine's run span),
    // the child's under the child's own producer span inside the parent's task.
    assertThat(consumers).allSatisfy(row -> assertThat(ancestors(row)).contains(producerId));
    WebElement parentTask = consumers.stream().filter(row -> ancestors(row).size() == 2).findFirst().orElseThrow();
    String childTaskId = consumers.stream().filter(row -> row != parentTask).findFirst().orElseThrow()
        .getAttribute("data-span-id");
    WebElement childProducer = rows("hatchet.run_workflow").stream()
        .filter(row -> !row.getAttribute("data-span-id").equals(producerId)).findFirst().orElseThrow();
    String childProducerId = childProducer.getAttribute("data-span-id");
    assertThat(ancestors(childProducer)).contains(parentTask.getAttribute("data-span-id"));
    WebElement childTask = consumers.stream().filter(row -> row != parentTask).findFirst().orElseThrow();
    assertThat(ancestors(childTask)).contains(childProducer.getAttribute("data-span-id"), parentTask.getAttribute("data-span-id"));
    assertThat(ancestors(rows("load-cart").get(0))).contains(parentTask.getAttribute("data-span-id"));
    assertThat(rows("hatchet.engine.workflow_run")).hasSize(2);
    // The engine's view of each attempt is folded into the task's row.
    assertThat(rows("hatchet.engine.start_step_run")).isEmpty();
    assertThat(rows("hatchet.engine.queued")).isEmpty();

    parentTask.findElement(By.cssSelector(".name")).click();
    WebElement panel = browser.findElement(By.id("span-panel"));
    await("the span panel", () -> panel.findElements(By.cssSelector("tr[data-key='hatchet.step_run_id']")).isEmpty()
        ? null : panel);
    assertThat(panel.findElement(By.tagName("h2")).getText()).isEqualTo("hatchet.start_step_run");
    assertThat(attribute(panel, "hatchet.step_run_id")).isEqualTo(run.runId());
    assertThat(attribute(panel, "hatchet.workflow_run_id")).isEqualTo(run.runId());
    assertThat(attribute(panel, "hatchet.step_name")).isEqualTo("checkout");
    assertThat(panel.getText()).contains("hatchet-worker", "CONSUMER", "Queued", "Engine view");
    // The keyboard moves the selection too.
    browser.findElement(By.cssSelector(".viewport")).sendKeys(Keys.ARROW_DOWN);
    await("the next span selected", () -> panel.findElement(By.tagName("h2")).getText().equals("hatchet.start_step_run")
        ? null : panel);

    screenshot("run-trace.png");

    // The child's page shows its part of the shared trace, from the span that started it.
    String childRun = api("/api/v1/hatchet4j/runs/" + run.runId()).get("children").get(0).get("id").asText();
    browser.get(engine.httpUrl() + "/#/runs/" + childRun);
    await("the child's trace", () -> browser.findElements(By.id("row-" + childTaskId)).isEmpty() ? null : true);
    assertThat(rows("load-cart")).isEmpty();
    assertThat(rows("hatchet.start_step_run")).hasSize(1);
    WebElement top = browser.findElement(By.cssSelector(".viewport .row[data-depth='0']:not([hidden])"));
    assertThat(top.getAttribute("data-span-name")).isEqualTo("hatchet.run_workflow");
    assertThat(top.getAttribute("data-span-id")).isEqualTo(childProducerId);
    screenshot("child-run-trace.png");

    // The runs list has both runs, newest first, each linking to its page.
    browser.get(engine.httpUrl() + "/#/");
    WebElement listed = await("the runs list", () -> browser.findElements(
        By.cssSelector("tr[data-run-id='" + run.runId() + "']")).stream().findFirst().orElse(null));
    assertThat(listed.getText()).contains("COMPLETED", "checkout");
    assertThat(browser.findElements(By.cssSelector("tr[data-run-id='" + childRun + "']"))).hasSize(1);
    screenshot("runs.png");
  }

  @Test
  void aTraceOfTenThousandSpansOpensAndScrollsWithOnlyTheVisibleRowsInThePage() throws Exception {
    RunRef<Receipt> run = hatchet.runNoWait(Tracing.CHECKOUT, new Cart("big", 1));
    run.await();
    instrumentor.forceFlush().get(10, TimeUnit.SECONDS);
    JsonNode trace = awaitSpans(run.runId(), 2, "load-cart");
    String consumer = null;
    for (JsonNode row : trace.get("rows")) {
      if (row.get("spanName").asText().equals("hatchet.start_step_run")
          && row.get("spanAttributes").get("hatchet.step_run_id").asText().equals(run.runId())) {
        consumer = row.get("spanId").asText();
      }
    }
    // 10,000 more spans in the run's trace, under its task: 100 groups of 99 leaves.
    HatchetConfig config = hatchet.config();
    try (SdkTracerProvider provider = SdkTracerProvider.builder()
        .addSpanProcessor(HatchetSpanProcessors.builder(config).setMaxQueueSize(20_000).setScheduleDelayMillis(100).build())
        .build()) {
      Tracer tracer = provider.get("load");
      Context task = Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(
          trace.get("traceId").asText(), consumer, TraceFlags.getSampled(), TraceState.getDefault())));
      for (int g = 0; g < 100; g++) {
        Span group = tracer.spanBuilder("group " + g).setParent(task).setAttribute("hatchet.step_run_id", run.runId())
            .startSpan();
        Context inGroup = task.with(group);
        for (int i = 0; i < 99; i++) {
          tracer.spanBuilder("leaf " + g + "." + i).setParent(inGroup).startSpan().end();
        }
        group.end();
      }
      assertThat(provider.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
    }
    int total = awaitSpans(run.runId(), 10_000).get("total").asInt();

    long opened = System.nanoTime();
    browser.get(engine.httpUrl() + "/#token=" + engine.token() + "&run=" + run.runId());
    await("the big trace", () -> rows("leaf 0.0").isEmpty() ? null : true);
    long shownMs = (System.nanoTime() - opened) / 1_000_000;
    int rendered = browser.findElements(By.cssSelector(".viewport .row:not([hidden])")).size();
    assertThat(rendered).as("rows in the page").isLessThan(150);

    WebElement viewport = browser.findElement(By.cssSelector(".viewport"));
    viewport.click();
    long scrolled = System.nanoTime();
    viewport.sendKeys(Keys.END);
    await("the last span", () -> rows("leaf 99.98").isEmpty() ? null : true);
    long endMs = (System.nanoTime() - scrolled) / 1_000_000;
    assertThat(browser.findElements(By.cssSelector(".viewport .row:not([hidden])")).size()).isLessThan(150);
    Object frameMs = ((JavascriptExecutor) browser).executeAsyncScript(
        "const done = arguments[0]; const v = document.querySelector('.viewport'); const t = performance.now();"
            + "let n = 0; function step() { v.scrollTop = (n * 997) % v.scrollHeight; n++;"
            + " if (n < 60) requestAnimationFrame(step); else done((performance.now() - t) / 60); }"
            + "requestAnimationFrame(step);");
    System.out.printf("trace viewer: %d spans shown in %d ms, End key to last span in %d ms, %.1f ms per scrolled frame%n",
        total, shownMs, endMs, ((Number) frameMs).doubleValue());
    assertThat(shownMs).isLessThan(10_000);
    assertThat(((Number) frameMs).doubleValue()).isLessThan(100);
    screenshot("big-trace.png");
  }

  private static List<WebElement> rows(String spanName) {
    return browser.findElements(By.cssSelector(".viewport .row[data-span-name='" + spanName + "']:not([hidden])"));
  }

  private static List<String> ancestors(WebElement row) {
    String value = row.getAttribute("data-ancestors");
    return value == null || value.isEmpty() ? List.of() : List.of(value.split(" "));
  }

  private static String attribute(WebElement panel, String key) {
    return panel.findElement(By.cssSelector("tr[data-key='" + key + "'] td")).getText();
  }

  private static <T> T await(String what, Supplier<T> probe) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      T value = null;
      try {
        value = probe.get();
      } catch (RuntimeException e) {
        // The page re-renders rows while we look; look again.
      }
      if (value != null) {
        return value;
      }
      assertThat(System.nanoTime()).as("timed out waiting for " + what).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private static JsonNode api(String path) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
        engine.httpUrl() + path)).header("Authorization", "Bearer " + engine.token()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /** Polls the run's trace until it has enough spans (and these names), and returns it. */
  private static JsonNode awaitSpans(String runId, int atLeastTasks, String... names) throws Exception {
    return await("the run's spans", () -> {
      try {
        JsonNode body = api("/api/v1/hatchet4j/runs/" + runId + "/trace");
        List<String> spanNames = body.get("rows").findValuesAsText("spanName");
        long tasks = spanNames.stream().filter("hatchet.start_step_run"::equals).count();
        boolean ready = (atLeastTasks > 100 ? body.get("total").asInt() >= atLeastTasks : tasks >= atLeastTasks)
            && spanNames.containsAll(List.of(names));
        return ready ? body : null;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private static void screenshot(String name) throws Exception {
    Files.createDirectories(SCREENSHOTS);
    byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(SCREENSHOTS.resolve(name), png);
  }
}
