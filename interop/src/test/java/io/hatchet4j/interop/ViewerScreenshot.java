package io.hatchet4j.interop;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hatchet4j.engine.HatchetEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Opens a run's page in the engine's trace viewer with Debian's headless Chromium and saves a
 * screenshot once the waterfall shows the wanted spans. Skips (an assumption) without the
 * {@code chromium} and {@code chromium-driver} packages.
 */
final class ViewerScreenshot {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private ViewerScreenshot() {}

  /** The span names shown on the run's page once every one of {@code spanNames} is among them. */
  static Set<String> capture(HatchetEngine engine, String runId, Set<String> spanNames, Path file) throws IOException {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "the trace viewer screenshot needs the chromium and chromium-driver packages");
    Path profile = Files.createTempDirectory("interop-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--no-first-run", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
        "--window-size=1600,1000");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    WebDriver browser = new ChromeDriver(service, options);
    try {
      browser.get(engine.httpUrl() + "/#token=" + engine.token() + "&run=" + runId);
      Set<String> shown = Await.until("the viewer showing " + spanNames, () -> {
        List<WebElement> rows = browser.findElements(By.cssSelector(".viewport .row[data-span-name]"));
        Set<String> names = rows.stream().map(r -> r.getAttribute("data-span-name")).collect(Collectors.toSet());
        return names.containsAll(spanNames) ? Optional.of(names) : Optional.empty();
      });
      Files.createDirectories(file.getParent());
      Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), file,
          StandardCopyOption.REPLACE_EXISTING);
      return shown;
    } finally {
      browser.quit();
    }
  }
}
