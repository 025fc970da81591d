package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;

/**
 * An offline reload in Chromium, on a laptop (1366×800) and a phone (390×844): once signed in, the
 * service worker keeps this build's page and files and the page keeps a copy of the conversation
 * list; with the network cut (DevTools' network conditions) a message goes into the outbox, the
 * page is reloaded, and the app opens anyway: the list last seen, the waiting message, the header
 * saying it is offline. When the network is back the message reaches the other person once.
 * Signing out leaves neither the list nor anything of the person's in the worker's caches.
 */
@Tag("sqlite-only")
@ExtendWith(ScreenshotsOnFailure.class)
class OfflineReloadBrowserTest {
    @RegisterExtension
    static final WebNode WEB = WebNode.with(Map.of());

    @Test
    void onALaptop() {
        scene("laptop", 1366, 800);
    }

    /**
     * The favicon's plain icon failed to load (the page started offline): the unread badge drew it
     * anyway and threw (drawImage on a broken image) at every change of the count, inside the
     * store's change dispatch, and no badge showed. It is asked for again and the badge drawn.
     */
    @Test
    void theFaviconBadgeShowsAfterItsIconFailedToLoad() {
        Api api = WEB.api();
        Person fay = api.signUp("fay");
        Person gil = api.signUp("gil");
        api.befriend(fay, gil);
        String c = api.open(gil, fay);
        api.send(gil, c, "first").expect(201);

        Browser b = WEB.browser("fay");
        b.driver.executeCdpCommand("Network.enable", Map.of());
        b.driver.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", true));
        b.driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*icon-32.png*")));
        b.driver.navigate().refresh();
        b.waitVisible("#auth-handle");
        b.driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
        b.js("window.thrown = []; window.addEventListener('error', (e) => window.thrown.push(String(e.message)));"
                + " window.addEventListener('unhandledrejection', (e) => window.thrown.push(String(e.reason)));");
        b.signIn("fay");
        b.waitText("#conv-list .conv-item", "first");
        b.js("location.hash = '#/settings'");

        api.send(gil, c, "second").expect(201);
        b.wait.until(d -> "2".equals(b.js("return document.querySelector(\"link[rel='icon']\")?.dataset.count")));
        assertThat(b.js("return window.thrown.join(' | ')")).isEqualTo("");
    }

    @Test
    void onAPhone() {
        scene("phone", 390, 844);
    }

    private void scene(String tag, int width, int height) {
        Api api = WEB.api();
        Person ann = api.signUp("ann_or_" + tag);
        Person bob = api.signUp("bob_or_" + tag);
        api.befriend(ann, bob);
        String dm = api.open(bob, ann);
        api.send(bob, dm, "Are you home tonight?").expect(201);
        String shot = "offline-reload-" + tag + "-";

        Browser a = WEB.browser("ann-offline-" + tag);
        a.resize(width, height);
        a.signIn(ann.handle());
        a.waitText("#conv-list", "Are you home tonight?");
        // The worker has kept this build (it controls the page only once its install is done), and
        // the page has kept the list.
        a.wait.until(d -> shellFilesKept(a) > 20);
        a.wait.until(d -> copiedConversations(a) == 1);
        a.click("#conv-list .conv-item");
        a.message("Are you home tonight?");

        network(a, false);
        a.waitText(".conn", "Offline — no network");
        a.send("Yes, from eight");
        a.waitVisible(".msg.pending[data-status='waiting']");

        // The reload without a network opens the app, on the conversation it showed. (ChromeDriver
        // sets the page online for an instant when it reloads it, then offline again: the old page
        // saw an `online` event and its outbox sent, about one run in five. A browser that has no
        // network says so throughout: both pages are told they are offline until the scene brings
        // the network back.)
        holdOffline(a);
        a.driver.navigate().refresh();
        a.waitText(".conn", "Offline — no network · 1 waiting to send");
        a.waitText(".msg.pending[data-status='waiting'] .bubble .text", "Yes, from eight");
        assertThat(a.driver.findElements(By.cssSelector("#auth-handle, #boot-wait"))).isEmpty();
        assertThat((Boolean) a.js("return navigator.serviceWorker.controller !== null"
                + " && performance.getEntriesByType('navigation')[0].workerStart > 0")).as("the page came through the worker").isTrue();
        a.screenshot(shot + "01-reloaded-offline-waiting");
        // The list last seen, from the copy.
        a.go("#/");
        a.waitText("#conv-list", "Are you home tonight?");
        a.waitText("#conv-list", "Bob_or_" + tag);
        a.screenshot(shot + "02-list-offline");
        // The home screen shows no error of its own (it said "Can't reach the server" under
        // Invitations): the header already says the app is offline.
        assertThat(a.driver.findElements(By.cssSelector(".error")).stream().filter(WebElement::isDisplayed)
                .map(WebElement::getText).filter(t -> !t.isBlank()).toList()).isEmpty();
        assertThat(a.driver.findElement(By.id("invitations")).isDisplayed()).isFalse();
        assertThat(texts(api, bob, dm)).containsExactly("Are you home tonight?");

        // The network is back: the app signs in for real and the outbox sends, once.
        a.js("window.__parleyHeldOffline = false");
        network(a, true);
        a.waitOnline();
        a.wait.until(d -> texts(api, bob, dm).equals(List.of("Are you home tonight?", "Yes, from eight")));
        a.click("#conv-list .conv-item");
        a.message("Yes, from eight");
        a.wait.until(d -> d.findElements(By.cssSelector(".msg.pending")).isEmpty());
        assertThat(a.messageTexts()).containsExactly("Are you home tonight?", "Yes, from eight");
        a.screenshot(shot + "03-back-online-sent-once");

        // Signing out empties the copy; the worker never held anything of the person's.
        a.js("[...document.querySelectorAll('.top-nav button')].find((b) => b.textContent === 'Sign out').click()");
        a.waitVisible("#auth-handle");
        a.wait.until(d -> copiedConversations(a) == -1);
        assertThat(apiResponsesKept(a)).isZero();
        assertThat(texts(api, bob, dm)).containsExactly("Are you home tonight?", "Yes, from eight");
    }

    /** How many files the worker keeps for this build, once it controls the page (0 before). */
    private static long shellFilesKept(Browser b) {
        return ((Number) b.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " (async () => {"
                + "   if (!navigator.serviceWorker.controller) return 0;"
                + "   const name = (await caches.keys()).find((k) => k.startsWith('parley-shell-'));"
                + "   return name ? (await (await caches.open(name)).keys()).length : 0;"
                + " })().then(done, () => done(0));")).longValue();
    }

    /** Requests under /api/ in any of the origin's caches. */
    private static long apiResponsesKept(Browser b) {
        return ((Number) b.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " (async () => {"
                + "   let n = 0;"
                + "   for (const name of await caches.keys()) {"
                + "     n += (await (await caches.open(name)).keys()).filter((r) => new URL(r.url).pathname.startsWith('/api/')).length;"
                + "   }"
                + "   return n;"
                + " })().then(done, () => done(-1));")).longValue();
    }

    /** The conversations in the page's kept copy; -1 when there is no copy. */
    private static long copiedConversations(Browser b) {
        return ((Number) b.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " const r = indexedDB.open('parley-local', 1);"
                + " r.onupgradeneeded = () => r.result.createObjectStore('copy');"
                + " r.onsuccess = () => { const q = r.result.transaction('copy').objectStore('copy').get('last');"
                + "   q.onsuccess = () => { r.result.close(); done(q.result ? q.result.convs.length : -1); }; };"
                + " r.onerror = () => done(-2);")).longValue();
    }

    /**
     * This page, and pages opened from now on, read navigator.onLine as false until the test sets
     * window.__parleyHeldOffline to false.
     */
    private static void holdOffline(Browser b) {
        String hold = "(() => {"
                + " const real = Object.getOwnPropertyDescriptor(Navigator.prototype, 'onLine').get;"
                + " window.__parleyHeldOffline = true;"
                + " Object.defineProperty(Navigator.prototype, 'onLine', { configurable: true,"
                + "   get() { return window.__parleyHeldOffline === false && real.call(this); } });"
                + " })();";
        b.js(hold);
        b.driver.executeCdpCommand("Page.enable", Map.of());
        b.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", hold));
    }

    /** DevTools' network conditions: offline, or back. */
    private static void network(Browser b, boolean online) {
        ChromiumNetworkConditions c = new ChromiumNetworkConditions();
        c.setOffline(!online);
        b.driver.setNetworkConditions(c);
    }

    /** The conversation's messages as the other person gets them from the API, oldest first. */
    private static List<String> texts(Api api, Person who, String dm) {
        JsonNode items = api.get("/api/v1/conversations/" + dm + "/messages?limit=50", who.token()).expect(200).body().get("items");
        return StreamSupport.stream(items.spliterator(), false)
                .sorted(Comparator.comparingLong(m -> m.get("seq").asLong()))
                .map(m -> m.get("text").asText()).toList();
    }
}
