package dev.parley.webtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One browser (its own ChromeDriver session, profile and cookies) driving the web client, with the waits the UI
 * contract allows: a page is ready when {@code document.body.dataset.page} names it and {@code dataset.busy} is not
 * "true". Logins and sign-ups run PBKDF2 with 600 000 iterations in the page, so waits are generous.
 */
final class Browser implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);
    /**
     * Where the README's pictures go besides target/screenshots: {@code -Dparley.readme.screenshots=docs/screenshots}
     * (relative to the repository's root) writes them there.
     */
    private static final String README_SCREENSHOTS = System.getProperty("parley.readme.screenshots", "");

    private final String name;
    private final ChromeDriver driver;
    private final URI base;
    private final Screenshots screenshots;
    private long lastClick;

    Browser(String name, ChromeDriver driver, URI base, Screenshots screenshots) {
        this.name = name;
        this.driver = driver;
        this.base = base;
        this.screenshots = screenshots;
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(120));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    /** Who this browser belongs to in the test, as in its screenshots' names. */
    String name() {
        return name;
    }

    /** Loads the web client at a route such as {@code #/login} (the empty route is the root page). */
    void open(String route) {
        driver.get(base.resolve("/" + route).toString());
    }

    void reload() {
        driver.navigate().refresh();
    }

    /** Waits until the page of that name is shown and not busy. */
    void awaitPage(String page) {
        awaitPage(page, WAIT);
    }

    void awaitPage(String page, Duration timeout) {
        await("page '" + page + "' ready", timeout,
                driver -> page.equals(currentPage()) && !"true".equals(script("return document.body.dataset.busy;")));
    }

    /** Waits until the current page is not busy (a form was submitted and its answer is shown). */
    void awaitNotBusy() {
        await("the page not busy", WAIT, driver -> !"true".equals(script("return document.body.dataset.busy;")));
    }

    /** The page the web client says it shows ({@code document.body.dataset.page}), or null. */
    String currentPage() {
        Object page = script("return document.body ? (document.body.dataset.page || null) : null;");
        return page == null ? null : page.toString();
    }

    WebElement find(String css) {
        return await("an element " + css, WAIT, driver -> {
            List<WebElement> found = driver.findElements(By.cssSelector(css));
            return found.isEmpty() ? null : found.get(0);
        });
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    boolean isPresent(String css) {
        return !findAll(css).isEmpty();
    }

    boolean isVisible(String css) {
        return findAll(css).stream().anyMatch(element -> {
            try {
                return element.isDisplayed();
            } catch (StaleElementReferenceException e) {
                return false;
            }
        });
    }

    /** Replaces the text of an input. */
    void type(String css, String text) {
        WebElement input = find(css);
        input.clear();
        input.sendKeys(text);
    }

    /**
     * Clicks the first element matching once it is shown and enabled; tries again while something covers it (such as
     * a notice that fades away).
     */
    void click(String css) {
        new WebDriverWait(driver, WAIT, POLL)
                .ignoring(NoSuchElementException.class)
                .ignoring(StaleElementReferenceException.class)
                .ignoring(ElementClickInterceptedException.class)
                .ignoring(ElementNotInteractableException.class)
                .withMessage(() -> name + ": " + css + " not clickable on " + describeLocation())
                .until(driver -> {
                    WebElement element = driver.findElement(By.cssSelector(css));
                    if (!element.isDisplayed() || !element.isEnabled()) {
                        return false;
                    }
                    element.click();
                    lastClick = System.nanoTime();
                    return true;
                });
    }

    /** When the last click happened ({@link System#nanoTime}), to time how long its effects take to show elsewhere. */
    long lastClick() {
        return lastClick;
    }

    /** The visible text of the first element matching, trimmed; empty when there is none. */
    String text(String css) {
        List<WebElement> found = findAll(css);
        return found.isEmpty() ? "" : textOf(found.get(0));
    }

    /** The visible texts of every element matching, trimmed. */
    List<String> texts(String css) {
        return findAll(css).stream().map(Browser::textOf).collect(Collectors.toList());
    }

    /** Waits until the text of the first element matching satisfies the condition, and returns it. */
    String awaitText(String css, String what, Predicate<String> condition) {
        return awaitText(css, what, condition, WAIT);
    }

    String awaitText(String css, String what, Predicate<String> condition, Duration timeout) {
        return await(css + " " + what, timeout, driver -> {
            String text = text(css);
            return condition.test(text) ? text : null;
        }, () -> "'" + text(css) + "'");
    }

    /** Waits until the texts of every element matching satisfy the condition, and returns them. */
    List<String> awaitTexts(String css, String what, Predicate<List<String>> condition) {
        return await(css + " " + what, WAIT, driver -> {
            List<String> texts = texts(css);
            return condition.test(texts) ? texts : null;
        }, () -> texts(css).toString());
    }

    Object script(String javaScript, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(javaScript, arguments);
    }

    Object asyncScript(String javaScript, Object... arguments) {
        return ((JavascriptExecutor) driver).executeAsyncScript(javaScript, arguments);
    }

    /** Waits until the condition gives a non-null, non-false value and returns it. */
    <T> T await(String what, Duration timeout, Function<WebDriver, T> condition) {
        return await(what, timeout, condition, null);
    }

    /** As above; {@code now} tells, in the failure message, what there was instead. */
    <T> T await(String what, Duration timeout, Function<WebDriver, T> condition, Supplier<String> now) {
        return new WebDriverWait(driver, timeout, POLL)
                .ignoring(StaleElementReferenceException.class)
                .withMessage(() -> name + ": waited " + timeout.toSeconds() + " s for " + what
                        + (now == null ? "" : " (now: " + now.get() + ")") + " on " + describeLocation())
                .until(condition);
    }

    /** Where the browser is, for failure messages: URL, page and what the page says is wrong. */
    String describeLocation() {
        try {
            return driver.getCurrentUrl() + " (page " + currentPage() + ")";
        } catch (WebDriverException e) {
            return "(the browser does not answer: " + e.getMessage().lines().findFirst().orElse("") + ")";
        }
    }

    /** Saves a PNG of what the browser shows, as {@code <test>-<browser>-<step>.png}. */
    Path screenshot(String step) {
        return screenshots.save(name + "-" + step, driver.getScreenshotAs(OutputType.BYTES));
    }

    /** The browser's console since the last call (errors, warnings, logs), one line per entry. */
    String consoleLog() {
        try {
            return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .map(Browser::format)
                    .collect(Collectors.joining("\n"));
        } catch (WebDriverException e) {
            return "(the console log could not be read: " + e.getMessage().lines().findFirst().orElse("") + ")";
        }
    }

    /**
     * The console's errors since the last read of the console (what Chromium shows in red: uncaught exceptions,
     * console.error, and HTTP answers of 400 and more), one line each.
     */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(Browser::format)
                .toList();
    }

    /**
     * From the next page load on, the chat socket's frames of one type reach the page that much later, the others at
     * once: a wrapper around the page's WebSocket, installed before any script of the page runs, for races the network
     * here never loses (a receipt that overtakes its ack). The page keeps, in {@code window.parleyFramesHandedOver},
     * each frame it was handed as "type id" (the message an ack, message or receipt names), in the order handed.
     */
    void delayIncomingFrames(String type, Duration delay) {
        String wrapper = """
                (() => {
                  const Native = window.WebSocket;
                  const handedOver = window.parleyFramesHandedOver = [];
                  window.WebSocket = class extends Native {
                    set onmessage(handler) {
                      super.onmessage = handler && ((event) => {
                        let frame = null;
                        try { frame = JSON.parse(event.data); } catch { /* not a frame: handed over as it is */ }
                        const handOver = () => {
                          handedOver.push(`${frame?.type} ${frame?.messageId ?? frame?.upTo ?? ''}`);
                          handler.call(this, event);
                        };
                        if (frame?.type === %s) {
                          setTimeout(handOver, %d);
                        } else {
                          handOver();
                        }
                      });
                    }

                    get onmessage() {
                      return super.onmessage;
                    }
                  };
                })();""".formatted(quoted(type), delay.toMillis());
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", wrapper));
    }

    private static String quoted(String type) {
        if (!type.matches("[a-zA-Z]+(-[a-zA-Z]+)*")) {
            throw new IllegalArgumentException("A frame type is a word, or words joined by hyphens: " + type);
        }
        return "'" + type + "'";
    }

    /** Opens a new tab of this browser (same profile, cookies and storage) and switches to it; returns its handle. */
    String openTab() {
        driver.switchTo().newWindow(WindowType.TAB);
        return driver.getWindowHandle();
    }

    /** The handle of the tab this browser drives now. */
    String currentTab() {
        return driver.getWindowHandle();
    }

    void switchToTab(String handle) {
        driver.switchTo().window(handle);
    }

    /**
     * Shows pages as a phone of this size (CSS pixels) would, through DevTools' device emulation: the viewport is
     * exactly that size (a headless window's size also counts its frame), with mobile viewport rules and touch.
     */
    void emulatePhone(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 2, "mobile", true));
        driver.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", true));
    }

    /**
     * Shows pages at this size (CSS pixels) on a desktop screen, one device pixel per CSS pixel: a screenshot is then
     * exactly that many pixels.
     */
    void emulateScreen(int width, int height) {
        emulate(width, height, false);
    }

    /** As {@link #emulatePhone}, with one device pixel per CSS pixel: a screenshot is exactly that many pixels. */
    void emulatePhoneForScreenshots(int width, int height) {
        emulate(width, height, true);
    }

    private void emulate(int width, int height, boolean mobile) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
        driver.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", mobile));
    }

    /** Presses keys (or types text) into whatever has the focus, as a keyboard would. */
    void keys(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    /** What has the focus: the element's id, else its tag and the start of its text. */
    String focused() {
        return String.valueOf(script("const el = document.activeElement; "
                + "return el ? (el.id || (el.tagName + ' ' + (el.textContent || '').trim().slice(0, 40))) : 'nothing';"));
    }

    /**
     * Presses Tab until the focused element matches the selector, as a keyboard user looking for it would (one press
     * at a time, so every stop on the way takes the focus); fails when it is not reached within 40 presses.
     */
    void tabTo(String css) {
        tabTo(css, false);
    }

    /** As {@link #tabTo(String)}, with Shift+Tab (backwards) when asked. */
    void tabTo(String css, boolean backwards) {
        for (int presses = 0; presses < 40; presses++) {
            if (Boolean.TRUE.equals(script("return !!document.activeElement && document.activeElement.matches(arguments[0]);",
                    css))) {
                return;
            }
            if (backwards) {
                new Actions(driver).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
            } else {
                keys(Keys.TAB);
            }
        }
        throw new AssertionError(name + ": " + css + " not reached with the Tab key on " + describeLocation()
                + " (the focus is on " + focused() + ")");
    }

    /** Saves one of the README's pictures: always with the test's screenshots, and where the property says. */
    void readmeScreenshot(String picture) {
        screenshot("readme-" + picture);
        if (!README_SCREENSHOTS.isBlank()) {
            Path root = Path.of(System.getProperty("parley.root", ".."));
            screenshotTo(root.resolve(README_SCREENSHOTS).resolve(picture + ".png"));
        }
    }

    /** Saves a screenshot of what the browser shows as this file (for the README's pictures). */
    Path screenshotTo(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
    }

    /** Saves a screenshot, the console log and the page's HTML: what is needed to understand a failure. */
    void saveFailureEvidence() {
        String prefix = name + "-FAILED";
        try {
            screenshot("FAILED");
        } catch (WebDriverException | UncheckedIOException e) {
            screenshots.saveText(prefix + "-screenshot-error.txt", e.toString());
        }
        screenshots.saveText(prefix + "-console.log", "URL: " + describeLocation() + "\n" + consoleLog() + "\n");
        try {
            screenshots.saveText(prefix + ".html", driver.getPageSource());
        } catch (WebDriverException e) {
            screenshots.saveText(prefix + ".html", "(no page source: " + e + ")");
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } catch (WebDriverException e) {
            // the browser is gone already; its folder is cleaned up with the test's
        }
    }

    private static String textOf(WebElement element) {
        try {
            return element.getText().trim();
        } catch (StaleElementReferenceException e) {
            return "";
        }
    }

    private static String format(LogEntry entry) {
        return Instant.ofEpochMilli(entry.getTimestamp()) + " " + entry.getLevel() + " " + entry.getMessage();
    }

    /** Where one test's screenshots and failure files go: {@code target/screenshots/<test>-<step>.png}. */
    static final class Screenshots {

        private final Path folder;
        private final String test;

        Screenshots(Path folder, String test) {
            this.folder = folder;
            this.test = test;
        }

        Path save(String step, byte[] png) {
            Path file = folder.resolve(fileName(step) + ".png");
            write(file, png);
            return file;
        }

        void saveText(String name, String text) {
            write(folder.resolve(fileName(name)), text.getBytes(StandardCharsets.UTF_8));
        }

        private String fileName(String step) {
            return (test + "-" + step).replaceAll("[^A-Za-z0-9._-]", "_");
        }

        private static void write(Path file, byte[] content) {
            try {
                Files.createDirectories(file.getParent());
                Files.write(file, content);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not write " + file, e);
            }
        }
    }
}
