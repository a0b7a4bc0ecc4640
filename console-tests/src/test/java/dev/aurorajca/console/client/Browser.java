package dev.aurorajca.console.client;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium through chromedriver, both the system's (Debian packages {@code chromium} and
 * {@code chromium-driver}; Selenium is never allowed to download a browser). Every wait is an
 * element condition with a deadline. {@link #close()} quits the browser and its driver.
 */
public final class Browser implements AutoCloseable {

    /** The binaries, overridable with -Dconsole.chromium / -Dconsole.chromedriver. */
    private static final String CHROMIUM = System.getProperty("console.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("console.chromedriver", "/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path screenshots;
    private final Path failures;
    private final Duration timeout;

    /**
     * @param screenshots where {@link #screenshot(String)} writes PNGs (docs/)
     * @param failures    where {@link #dumpFailure(String)} writes a page source and a PNG (target/)
     * @param windowSize  "width,height" of the window, hence of every screenshot
     */
    public Browser(Path screenshots, Path failures, Duration timeout, String windowSize) {
        for (String[] bin : List.of(new String[] {CHROMIUM, "chromium"}, new String[] {CHROMEDRIVER, "chromium-driver"})) {
            if (!new File(bin[0]).canExecute()) {
                throw new IllegalStateException("The admin-console tests need a headless Chromium and its WebDriver: " + bin[0]
                        + " is missing. Install them with: apt-get install -y chromium chromium-driver"
                        + " (or point -Dconsole.chromium / -Dconsole.chromedriver at other binaries)");
            }
        }
        this.screenshots = screenshots;
        this.failures = failures;
        this.timeout = timeout;
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // --no-sandbox: Chromium's sandbox cannot start as root (CI); harmless for a local test page.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=" + windowSize, "--lang=en-US", "--no-first-run", "--disable-extensions");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(timeout);
    }

    public WebDriver driver() {
        return driver;
    }

    public void get(String url) {
        driver.get(url);
    }

    public <T> T until(String what, Function<WebDriver, T> condition) {
        return until(what, timeout, condition);
    }

    public <T> T until(String what, Duration deadline, Function<WebDriver, T> condition) {
        WebDriverWait wait = new WebDriverWait(driver, deadline, Duration.ofMillis(250));
        wait.withMessage("waited " + deadline.toSeconds() + " s for " + what + " (page: " + driver.getCurrentUrl() + ")");
        return wait.until(condition);
    }

    public WebElement visible(By by) {
        return until("visible " + by, ExpectedConditions.visibilityOfElementLocated(by));
    }

    public WebElement clickable(By by) {
        return until("clickable " + by, ExpectedConditions.elementToBeClickable(by));
    }

    /** Clicks once the element is clickable; retries while a toast or an animation covers it. */
    public void click(By by) {
        until("click on " + by, d -> {
            try {
                WebElement e = d.findElement(by);
                if (!e.isDisplayed() || !e.isEnabled()) {
                    return null;
                }
                scrollTo(e);
                e.click();
                return Boolean.TRUE;
            } catch (org.openqa.selenium.NoSuchElementException
                    | org.openqa.selenium.StaleElementReferenceException | org.openqa.selenium.ElementNotInteractableException e) {
                return null;
            }
        });
    }

    /** Waits until the element's visible text contains {@code text}; returns the whole text. */
    public String textContains(By by, String text) {
        return until("text '" + text + "' in " + by, d -> {
            try {
                String t = d.findElement(by).getText();
                return t.contains(text) ? t : null;
            } catch (org.openqa.selenium.NoSuchElementException | org.openqa.selenium.StaleElementReferenceException e) {
                return null;
            }
        });
    }

    public void type(By by, String text) {
        WebElement e = visible(by);
        scrollTo(e);
        e.clear();
        e.sendKeys(text);
    }

    public void scrollTo(WebElement e) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block:'center'})", e);
    }

    public Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Saves the visible page as {@code screenshots/name.png}. */
    public Path screenshot(String name) throws IOException {
        Files.createDirectories(screenshots);
        Path png = screenshots.resolve(name + ".png");
        Files.write(png, driver.getScreenshotAs(OutputType.BYTES));
        return png;
    }

    /** For a failed test: the page and its source under target/, never in docs/. */
    public void dumpFailure(String name) {
        try {
            Files.createDirectories(failures);
            Files.write(failures.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
            Files.writeString(failures.resolve(name + ".html"), driver.getPageSource());
        } catch (IOException | RuntimeException e) {
            // best effort: the test's own failure is what matters
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
