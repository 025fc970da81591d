package dev.parley.web;

import dev.parley.testing.TestNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One person's headless Chromium on the web client, with the few moves the tests make: sign up,
 * click, type, send, and wait for what the page shows. Every wait is a condition polled by
 * WebDriverWait, never a fixed sleep. Uses Debian's chromium and chromedriver by path, so
 * Selenium Manager never downloads anything.
 */
final class Browser implements AutoCloseable {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    /**
     * How often a wait looks again. Selenium's default is half a second, and most waits end within
     * a few tens of milliseconds: with hundreds of waits a run, the default idled minutes of CI.
     */
    private static final Duration LOOK_EVERY = Duration.ofMillis(40);
    /** Browsers now open, so a failing test can photograph each of them (see ScreenshotsOnFailure). */
    static final List<Browser> OPEN = new CopyOnWriteArrayList<>();

    static {
        System.setProperty("SE_OFFLINE", "true");
    }

    final String name;
    final ChromeDriver driver;
    final WebDriverWait wait;
    private final String base;
    private final Chromium chromium;

    private Browser(String name, String base, boolean fresh) {
        this.name = name;
        this.base = base;
        this.chromium = fresh ? Chromium.started() : Chromium.take();
        this.driver = chromium.driver();
        this.wait = new WebDriverWait(driver, PATIENCE, LOOK_EVERY);
        OPEN.add(this);
    }

    /**
     * A started Chromium with its own profile. Starting one takes about two seconds, and a run
     * opens some 150 browsers: a closed one is wiped and handed to the next test that asks
     * ({@link #recycle}), and when none is idle one is always being started in the background.
     */
    private record Chromium(ChromeDriver driver, Path profile) {
        private static final ExecutorService STARTER = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "chromium-starter");
            t.setDaemon(true);
            return t;
        });
        private static CompletableFuture<Chromium> spare;
        /** Browsers closed and still quitting. */
        static final List<CompletableFuture<Void>> QUITTING = new CopyOnWriteArrayList<>();
        /** Browsers a test closed, wiped and ready for the next (see {@link #recycle}). */
        private static final java.util.Deque<Chromium> IDLE = new java.util.ArrayDeque<>();
        /** More idle than this are quit: a test opens at most a few at once. */
        private static final int MOST_IDLE = 4;

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                synchronized (IDLE) {
                    IDLE.forEach(Chromium::quitLater);
                    IDLE.clear();
                }
                QUITTING.forEach(q -> q.exceptionally(e -> null).join());
                CompletableFuture<Chromium> left = spare;
                if (left != null) { // wait for it: a Chromium left starting would outlive the test JVM
                    try {
                        left.join().driver().quit();
                    } catch (RuntimeException e) {
                        // it never started; nothing to quit
                    }
                }
            }));
        }

        static Chromium take() {
            synchronized (IDLE) {
                if (!IDLE.isEmpty()) {
                    return IDLE.pop();
                }
            }
            return started();
        }

        /** A Chromium no test has used. */
        static Chromium started() {
            synchronized (Chromium.class) {
                CompletableFuture<Chromium> ready = spare != null ? spare : CompletableFuture.supplyAsync(Chromium::start, STARTER);
                spare = CompletableFuture.supplyAsync(Chromium::start, STARTER);
                return ready.join();
            }
        }

        /**
         * A closed browser made as good as new for the next test, instead of a new Chromium: starting one
         * cost some 1.5 s of CPU, and with 150 a run that was a tenth of the suite's CPU on CI's two cores.
         * Everything a page or a test could leave behind is per tab or per origin: a fresh tab (the old
         * ones closed) drops what DevTools set on a page (emulation, injected scripts, blocked URLs,
         * enabled domains), and the origin's storage (cookies, local storage, IndexedDB, service workers
         * and their caches), the HTTP cache and granted permissions are cleared. Anything that fails on
         * the way quits the browser instead.
         */
        void recycle(String origin) {
            try {
                String fresh = driver.switchTo().newWindow(org.openqa.selenium.WindowType.TAB).getWindowHandle();
                for (String tab : driver.getWindowHandles()) {
                    if (!tab.equals(fresh)) {
                        driver.switchTo().window(tab).close();
                    }
                }
                driver.switchTo().window(fresh);
                driver.executeCdpCommand("Browser.resetPermissions", java.util.Map.of());
                driver.executeCdpCommand("Storage.clearDataForOrigin", java.util.Map.of("origin", origin, "storageTypes", "all"));
                driver.executeCdpCommand("Network.clearBrowserCookies", java.util.Map.of());
                driver.executeCdpCommand("Network.clearBrowserCache", java.util.Map.of());
                driver.manage().window().setSize(new Dimension(1200, 800));
                driver.get("about:blank");
            } catch (RuntimeException e) {
                quitLater();
                return;
            }
            synchronized (IDLE) {
                if (IDLE.size() < MOST_IDLE) {
                    IDLE.push(this);
                    return;
                }
            }
            quitLater();
        }

        /** Quitting takes a second; the next test need not wait for it (the JVM does, at its end). */
        void quitLater() {
            QUITTING.removeIf(CompletableFuture::isDone);
            QUITTING.add(CompletableFuture.runAsync(() -> {
                try {
                    driver.quit();
                } finally {
                    try (Stream<Path> files = Files.walk(profile)) {
                        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    } catch (IOException ignored) {
                        // Chromium may still be letting go of its profile; the folder is in the temp dir.
                    }
                }
            }));
        }

        private static Chromium start() {
            Path profile;
            try {
                profile = Files.createTempDirectory("parley-chromium-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ChromeOptions options = new ChromeOptions();
            options.setBinary("/usr/bin/chromium");
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--disable-quic", "--window-size=1200,800", "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                    .usingAnyFreePort()
                    .build();
            return new Chromium(new ChromeDriver(service, options), profile);
        }
    }

    static Browser open(String name, TestNode node) {
        return open(name, node, false);
    }

    /**
     * @param fresh a Chromium no test used before, for a test that needs what only a new profile has
     *              (a service worker registration's small id, which DevTools needs to push to it)
     */
    static Browser open(String name, TestNode node, boolean fresh) {
        Browser b = new Browser(name, "http://127.0.0.1:" + node.port(), fresh);
        b.driver.get(b.base + "/");
        b.waitVisible("#auth-handle");
        return b;
    }

    // --- moves ---------------------------------------------------------------------------------

    void signUp(String handle, String displayName) {
        clickText("button", "Create an account");
        type("#auth-handle", handle);
        type("#auth-name", displayName);
        type("#auth-password", "correct horse battery");
        clickText("button", "Create account");
        waitOnline();
    }

    void signIn(String handle) {
        type("#auth-handle", handle);
        type("#auth-password", "correct horse battery");
        clickText("button", "Sign in");
        waitOnline();
    }

    void waitOnline() {
        waitVisible(".conn[data-state='online']");
    }

    void go(String hash) {
        js("location.hash = arguments[0]", hash);
    }

    /** Clicks the element once it shows and is enabled, again if a live re-render replaced it meanwhile. */
    void click(String css) {
        wait.until(d -> {
            try {
                WebElement e = d.findElement(By.cssSelector(css));
                if (!e.isDisplayed() || !e.isEnabled()) {
                    return false;
                }
                e.click();
                return true;
            } catch (StaleElementReferenceException rerendered) {
                return false;
            }
        });
    }

    /** Clicks the first element matching css whose text contains the given words. */
    void clickText(String css, String text) {
        wait.until(d -> {
            try {
                WebElement e = shownWithText(css, text, true);
                if (e == null) {
                    return false;
                }
                e.click();
                return true;
            } catch (StaleElementReferenceException rerendered) {
                return false;
            }
        });
    }

    /**
     * The first element matching css that shows (laid out, not hidden or transparent) and whose
     * rendered text contains the words, found in one script rather than a round trip to the
     * browser per element and question (a page has dozens of buttons).
     */
    private WebElement shownWithText(String css, String text, boolean enabled) {
        return (WebElement) js("""
                const [css, text, enabled] = arguments;
                const shows = e => {
                  if (!e.getClientRects().length) return false;
                  for (let a = e; a; a = a.parentElement) {
                    const s = getComputedStyle(a);
                    if (s.visibility === 'hidden' || s.visibility === 'collapse' || s.opacity === '0') return false;
                  }
                  return true;
                };
                for (const e of document.querySelectorAll(css)) {
                  if (shows(e) && (!enabled || !e.disabled) && e.innerText.includes(text)) return e;
                }
                return null;""", css, text, enabled);
    }

    void type(String css, CharSequence... keys) {
        WebElement e = waitVisible(css);
        e.sendKeys(keys);
    }

    void clear(String css) {
        WebElement e = waitVisible(css);
        e.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
    }

    /** Types into the composer and presses Enter, the way a person sends. */
    void send(String text) {
        type("#compose", text, Keys.ENTER);
    }

    /** Opens a message's menu (a right-click) and picks an action by its label ("Reply", "React 👍"). */
    void messageAction(String messageText, String action) {
        openMessageMenu(messageText);
        wait.until(d -> {
            try {
                for (WebElement e : d.findElements(By.cssSelector("#msg-menu [role='menuitem']"))) {
                    if (e.isDisplayed() && (action.equals(e.getText()) || action.equals(e.getAttribute("aria-label")))) {
                        e.click();
                        return true;
                    }
                }
            } catch (StaleElementReferenceException rerendered) {
                return false;
            }
            return false;
        });
    }

    /** Right-clicks a message (on its time, never a link in it) until its menu is open. */
    void openMessageMenu(String messageText) {
        wait.until(d -> {
            if (!d.findElements(By.cssSelector("#msg-menu")).isEmpty()) {
                return true;
            }
            try {
                new Actions(d).contextClick(message(messageText).findElement(By.cssSelector(".bubble .meta"))).perform();
            } catch (StaleElementReferenceException rerendered) {
                return false; // a live update redrew the message: find it again
            }
            return !d.findElements(By.cssSelector("#msg-menu")).isEmpty();
        });
    }

    /** The sent (not pending) message whose text is exactly this, once it shows. */
    WebElement message(String text) {
        return messageShowing(text, "");
    }

    /** The sent message whose text is exactly this, once it also shows the other words (a quote, "edited"). */
    WebElement messageShowing(String text, String alsoShows) {
        return new WebDriverWait(driver, PATIENCE, LOOK_EVERY)
                .withMessage(() -> name + ": no message \"" + text + "\" showing \"" + alsoShows + "\"; page says: " + bodyText())
                .until(d -> {
                    try {
                        for (WebElement li : d.findElements(By.cssSelector(".messages li.msg:not(.pending)"))) {
                            List<WebElement> t = li.findElements(By.cssSelector(".bubble .text"));
                            if (!t.isEmpty() && t.get(0).getText().equals(text) && li.getText().contains(alsoShows)) {
                                return li;
                            }
                        }
                    } catch (StaleElementReferenceException rerendered) {
                        return null;
                    }
                    return null;
                });
    }

    /** Texts of the messages shown (sent ones, in order). */
    List<String> messageTexts() {
        List<String> out = new ArrayList<>();
        for (WebElement e : driver.findElements(By.cssSelector(".messages li.msg:not(.pending) .bubble .text"))) {
            out.add(e.getText());
        }
        return out;
    }

    /** Texts of every element a selector finds, in page order. */
    List<String> texts(String css) {
        List<String> out = new ArrayList<>();
        for (WebElement e : driver.findElements(By.cssSelector(css))) {
            out.add(e.getText());
        }
        return out;
    }

    // --- waits ---------------------------------------------------------------------------------

    WebElement waitVisible(String css) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    void waitGone(String css) {
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(css)));
    }

    /** Waits until some element matching css shows text containing the given words. */
    WebElement waitText(String css, String text) {
        return new WebDriverWait(driver, PATIENCE, LOOK_EVERY)
                .withMessage(() -> name + ": no '" + css + "' shows \"" + text + "\"; page says: " + bodyText())
                .until(d -> shownWithText(css, text, false));
    }

    void waitNoText(String css, String text) {
        wait.until(d -> shownWithText(css, text, false) == null);
    }

    String attr(String css, String attribute) {
        return waitVisible(css).getAttribute(attribute);
    }

    String bodyText() {
        return driver.findElement(By.tagName("body")).getText();
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Whether the element that has the focus matches css. */
    boolean focused(String css) {
        return Boolean.TRUE.equals(js("return document.activeElement.matches(arguments[0])", css));
    }

    /** The composer's (hidden) file input, once the conversation has drawn it. */
    WebElement attachInput() {
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#attach-input")));
    }

    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    void screenshot(String file) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, SCREENSHOTS.resolve(file + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (OPEN.remove(this)) {
            chromium.recycle(base);
        }
    }
}
