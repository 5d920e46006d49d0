package com.voxell.lux.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The system's headless Chromium driven through its chromedriver (never a download), with a fresh
 * profile, no outside look-ups, and the page's console log kept for assertions.
 */
public final class Browser implements AutoCloseable {

  private final ChromeDriver driver;
  private final Path profile;

  public Browser() {
    System.setProperty("SE_OFFLINE", "true");
    try {
      profile = Files.createTempDirectory("lux-chromium");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(System.getProperty("lux.chromium", "/usr/bin/chromium"));
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,900",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
        "--user-data-dir=" + profile);
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(
                new File(System.getProperty("lux.chromedriver", "/usr/bin/chromedriver")))
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
  }

  public ChromeDriver driver() {
    return driver;
  }

  public void open(String url) {
    driver.get(url);
  }

  /** Runs {@code script} in the page; a function body that may {@code return} a value. */
  public Object run(String script, Object... args) {
    return driver.executeScript(script, args);
  }

  /**
   * Runs an async function body in the page and returns what it resolves to ({@code arguments} are
   * the given args).
   */
  public Object await(String asyncBody, Object... args) {
    String wrapper =
        "const done = arguments[arguments.length - 1];"
            + "const args = Array.prototype.slice.call(arguments, 0, -1);"
            + "(async function () {"
            + asyncBody
            + "}).apply(null, args).then(done, (e) => done('ERROR ' + (e && (e.stack || e.message) || e)));";
    return driver.executeAsyncScript(wrapper, args);
  }

  public <T> T until(Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(50))
        .until(condition);
  }

  /** Every console message since the last call. */
  public List<LogEntry> consoleLog() {
    return driver.manage().logs().get(LogType.BROWSER).getAll();
  }

  /** A screenshot of the whole page (the window grows to its height for the shot). */
  public Path fullScreenshot(String name) {
    Dimension before = driver.manage().window().getSize();
    long height = (Long) run("return document.documentElement.scrollHeight");
    driver.manage().window().setSize(new Dimension(before.getWidth(), (int) height + 140));
    try {
      return screenshot(name);
    } finally {
      driver.manage().window().setSize(before);
    }
  }

  /** Saves a screenshot as {@code target/screenshots/<name>.png} and returns its path. */
  public Path screenshot(String name) {
    Path dir = Path.of(System.getProperty("lux.target", "target"), "screenshots");
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(name + ".png");
      Files.copy(
          driver.getScreenshotAs(OutputType.FILE).toPath(),
          file,
          StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp dir left behind is harmless
    }
  }
}
