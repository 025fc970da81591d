package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;

/**
 * Issue 21 point 4 in Chromium, on a laptop (1366×800) and a phone (390×844): the network is cut
 * with DevTools' network conditions, three messages are sent into the outbox, the server stays out
 * of reach across a reload (which opens the app on the list last seen), and when it is back they
 * arrive at the other person once each, in order, one of them although it had already reached the
 * server under its client_id. The header
 * never says "Online" meanwhile; "Retry" shows only for a send that could pass, and a refusal
 * (blocked) shows its reason instead.
 */
@Tag("sqlite-only")
@ExtendWith(ScreenshotsOnFailure.class)
class OutboxBrowserTest {
    @RegisterExtension
    static final WebNode WEB = WebNode.with(Map.of());

    @Test
    void onALaptop() {
        scene("laptop", 1366, 800);
    }

    @Test
    void onAPhone() {
        scene("phone", 390, 844);
    }

    @Test
    void messagesTheOlderClientLeftUnsentAreSentOnceAfterTheUpgrade() {
        Api api = WEB.api();
        Person cat = api.signUp("cat_ob");
        Person dan = api.signUp("dan_ob");
        api.befriend(cat, dan);
        String dm = api.open(dan, cat);
        api.send(dan, dm, "Did the upload work?").expect(201);
        Browser c = WEB.browser("cat-outbox-upgrade");
        // What the client before the outbox kept in localStorage for a send that never got through.
        c.js("localStorage.setItem('parley.pending.' + arguments[0], JSON.stringify({ [arguments[1]]:"
                + " [{ client_id: 'web-older-client-1', text: 'Typed before the upgrade', status: 'failed' }] }))", cat.id(), dm);
        c.signIn(cat.handle());
        c.wait.until(d -> texts(api, dan, dm).equals(List.of("Did the upload work?", "Typed before the upgrade")));
        assertThat(c.js("return Object.keys(localStorage).filter((k) => k.startsWith('parley.pending.')).length")).isEqualTo(0L);
        assertThat(outboxSize(c)).isZero();
    }

    private void scene(String tag, int width, int height) {
        Api api = WEB.api();
        Person ann = api.signUp("ann_ob_" + tag);
        Person bob = api.signUp("bob_ob_" + tag);
        api.befriend(ann, bob);
        String dm = api.open(bob, ann);
        api.send(bob, dm, "Are you on the train?").expect(201);
        String shot = "outbox-" + tag + "-";

        Browser a = WEB.browser("ann-outbox-" + tag);
        a.resize(width, height);
        a.signIn(ann.handle());
        a.click("#conv-list .conv-item");
        a.message("Are you on the train?");

        // The tunnel: the browser loses the network; the header says so at once, never "Online".
        network(a, false);
        a.waitText(".conn", "Offline — no network");
        assertThat(a.attr(".conn", "data-state")).isEqualTo("offline");
        List<String> texts = List.of("Entering the tunnel", "Signal is gone", "Back in ten minutes");
        for (String t : texts) {
            a.send(t);
        }
        a.wait.until(d -> d.findElements(By.cssSelector(".msg.pending[data-status='waiting']")).size() == 3);
        a.waitText(".conn", "3 waiting to send");
        assertThat(a.driver.findElements(By.cssSelector(".msg.pending button.retry")))
                .as("no Retry while there is no network: it could not pass").isEmpty();
        assertThat(pendingTexts(a)).containsExactlyElementsOf(texts);
        a.screenshot(shot + "01-offline-three-waiting");
        assertThat(texts(api, bob, dm)).containsExactly("Are you on the train?");

        // The first send reached the server before the tunnel, but its answer was lost.
        String firstId = (String) a.js("return document.querySelector('.msg.pending').dataset.clientId");
        api.post("/api/v1/conversations/" + dm + "/messages", ann.token(),
                Map.of("client_id", firstId, "text", texts.get(0))).expect(201);

        // The network is back but the server can't be reached: sends fail, "Retry" is offered, no "Online".
        block(a, true);
        network(a, true);
        a.waitVisible(".msg.pending button.retry");
        assertThat(connection(a)).isNotEqualTo("online");
        a.screenshot(shot + "02-server-unreachable-retry");

        // A reload while the server is out of reach keeps the session and the outbox: the app opens
        // on the list last seen (OfflineReloadBrowserTest) with the three still waiting.
        a.driver.navigate().refresh();
        a.waitText(".conn", "3 waiting to send");
        assertThat(connection(a)).isNotEqualTo("online");
        assertThat(outboxSize(a)).as("messages kept in IndexedDB across the reload").isEqualTo(3);
        a.screenshot(shot + "03-reload-while-unreachable");

        // The server is back: the outbox sends them, in order, with their client_ids; each arrives once.
        block(a, false);
        // (On a phone the conversation's compact header stands alone while online: the state is read off the page.)
        a.wait.until(d -> "online".equals(connection(a)));
        // The reload kept the address: the conversation opens again by itself.
        a.message("Back in ten minutes");
        a.wait.until(d -> d.findElements(By.cssSelector(".msg.pending")).isEmpty());
        List<String> expected = new ArrayList<>(List.of("Are you on the train?"));
        expected.addAll(texts);
        a.wait.until(d -> texts(api, bob, dm).equals(expected));
        assertThat(a.messageTexts()).containsExactlyElementsOf(expected);
        assertThat(outboxSize(a)).isZero();
        assertThat(connection(a)).isEqualTo("online");
        a.screenshot(shot + "04-sent-once-in-order");

        // A refusal can't pass by trying again: its reason shows, and no "Retry".
        api.put("/api/v1/accounts/" + ann.id() + "/block", bob.token()).expect(200);
        a.send("Did you get my messages?");
        a.waitVisible(".msg.refused .fail");
        assertThat(a.driver.findElements(By.cssSelector(".msg.refused button.retry"))).isEmpty();
        String reason = a.driver.findElement(By.cssSelector(".msg.refused .fail")).getText();
        assertThat(reason).isNotBlank().doesNotContain("Field '").doesNotContain("Can't reach");
        a.screenshot(shot + "05-refused-no-retry");
        a.click(".msg.refused button.discard");
        a.waitGone(".msg.refused");
        assertThat(outboxSize(a)).isZero();

        // Signing out empties the outbox.
        network(a, false);
        a.send("Written offline, then signed out");
        a.waitVisible(".msg.pending[data-status='waiting']");
        assertThat(outboxSize(a)).isEqualTo(1);
        block(a, true);
        network(a, true);
        // (A phone signs out from the list's header; the conversation's compact one has no such button.)
        a.js("[...document.querySelectorAll('.top-nav button')].find((b) => b.textContent === 'Sign out').click()");
        a.waitVisible("#auth-handle");
        a.wait.until(d -> outboxSize(a) == 0);
        block(a, false);
        assertThat(texts(api, bob, dm)).doesNotContain("Written offline, then signed out");
    }

    /** What the header's connection state says (data-state), shown or not. */
    private static String connection(Browser b) {
        return (String) b.js("return document.querySelector('.conn')?.dataset.state ?? null");
    }

    /** DevTools' network conditions: offline as a phone in a tunnel, or back. */
    private static void network(Browser b, boolean online) {
        ChromiumNetworkConditions c = new ChromiumNetworkConditions();
        c.setOffline(!online);
        b.driver.setNetworkConditions(c);
    }

    /** The node out of reach while the network is up: DevTools blocks the API's addresses. */
    private static void block(Browser b, boolean blocked) {
        b.driver.executeCdpCommand("Network.enable", Map.of());
        b.driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", blocked ? List.of("*/api/v1/*") : List.of()));
    }

    private static long outboxSize(Browser b) {
        Object n = b.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " const r = indexedDB.open('parley', 1);"
                + " r.onupgradeneeded = () => r.result.createObjectStore('outbox', { keyPath: 'client_id' });"
                + " r.onsuccess = () => { const q = r.result.transaction('outbox').objectStore('outbox').count();"
                + "   q.onsuccess = () => { r.result.close(); done(q.result); }; };"
                + " r.onerror = () => done(-1);");
        return ((Number) n).longValue();
    }

    private static List<String> pendingTexts(Browser b) {
        return b.driver.findElements(By.cssSelector(".messages li.msg.pending .bubble .text")).stream()
                .map(e -> e.getText()).toList();
    }

    /** The conversation's messages as the other person gets them from the API, oldest first. */
    private static List<String> texts(Api api, Person who, String dm) {
        JsonNode items = api.get("/api/v1/conversations/" + dm + "/messages?limit=50", who.token()).expect(200).body().get("items");
        return StreamSupport.stream(items.spliterator(), false)
                .sorted(Comparator.comparingLong(m -> m.get("seq").asLong()))
                .map(m -> m.get("text").asText()).toList();
    }
}
