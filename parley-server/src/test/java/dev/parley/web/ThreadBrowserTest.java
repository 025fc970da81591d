package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.parley.testing.Api;
import dev.parley.testing.MutableClock;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The thread as people expect it (issue 21, point 1), at a laptop's and a phone's size: runs of one
 * sender's bubbles sit tight with no empty band under each (actions float over the bubble on hover
 * or focus), days are separated ("Yesterday", "Today"), "Seen" sits under the message the reader
 * reached and moves back when it is unsent, never under a failed send; links open safely in a new
 * tab with a preview card whose image the node serves.
 */
@Tag("sqlite-only")
@ExtendWith(ScreenshotsOnFailure.class)
class ThreadBrowserTest {
    static final MutableClock CLOCK = new MutableClock(Instant.now());
    @RegisterExtension
    static final WebNode WEB = WebNode.with(Map.of("outbound.allow_private_addresses", "on"), CLOCK);

    static HttpServer site;

    @BeforeAll
    static void serve() throws IOException {
        site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        site.createContext("/dolomites", ex -> reply(ex, "text/html; charset=utf-8", ("<html><head>"
                + "<meta property=\"og:title\" content=\"Three days in the Dolomites\">"
                + "<meta property=\"og:description\" content=\"Via ferratas, huts and a lot of polenta.\">"
                + "<meta property=\"og:image\" content=\"/cover.png\"></head><body></body></html>")
                .getBytes(StandardCharsets.UTF_8)));
        site.createContext("/cover.png", ex -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BufferedImage img = new BufferedImage(120, 60, BufferedImage.TYPE_INT_RGB);
            for (int x = 0; x < 120; x++) {
                for (int y = 0; y < 60; y++) {
                    img.setRGB(x, y, 0x3a66d6 + x * 256);
                }
            }
            ImageIO.write(img, "png", out);
            reply(ex, "image/png", out.toByteArray());
        });
        site.start();
    }

    @AfterAll
    static void stop() {
        site.stop(0);
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    private static double gapBetween(Browser b, String upperText, String lowerText) {
        WebElement upper = b.message(upperText).findElement(By.cssSelector(".bubble"));
        WebElement lower = b.message(lowerText).findElement(By.cssSelector(".bubble"));
        return ((Number) b.js("return arguments[1].getBoundingClientRect().top - arguments[0].getBoundingClientRect().bottom",
                upper, lower)).doubleValue();
    }

    /** The text of the message whose line holds "Seen", or null. */
    private static String seenUnder(Browser b) {
        List<WebElement> seen = b.driver.findElements(By.cssSelector(".messages li.msg .seen"));
        if (seen.size() != 1) {
            return seen.isEmpty() ? null : "several: " + seen.size();
        }
        return (String) b.js("return arguments[0].closest('li').querySelector('.bubble .text').textContent", seen.get(0));
    }

    @Test
    void bubblesGroupByRunAndDaySeenFollowsTheMessageAndLinksGetACard() {
        Api.Person ann = WEB.api().signUp("ann_th");
        Api.Person bob = WEB.api().signUp("bob_th");
        WEB.api().follow(ann, bob);
        WEB.api().follow(bob, ann);
        String dm = WEB.api().open(ann, bob);
        // Yesterday's messages, then today's: the thread shows both days. Yesterday at noon in the
        // zone the browser shows (this machine's): 26 hours ago was the day before yesterday
        // whenever the suite ran between midnight and 02:00.
        java.time.ZoneId zone = java.time.ZoneId.systemDefault();
        CLOCK.advanceTo(java.time.LocalDate.now(zone).minusDays(1).atTime(12, 0).atZone(zone).toInstant());
        WEB.api().send(ann, dm, "Are we still on for the trip?").expect(201);
        WEB.api().send(bob, dm, "Yes! Packing tonight.").expect(201);
        CLOCK.advanceTo(Instant.now());
        WEB.api().send(ann, dm, "Found the route we talked about").expect(201);
        WEB.api().send(ann, dm, "Have a look: http://127.0.0.1:" + site.getAddress().getPort() + "/dolomites.").expect(201);
        WEB.api().send(ann, dm, "Leaving at 7").expect(201);

        Browser a = WEB.browser("ann");
        a.resize(1366, 800);
        a.signIn("ann_th");
        a.click("#conv-list .conv-item");
        a.message("Leaving at 7");
        assertThat(a.driver.findElements(By.cssSelector(".messages .day-sep")).stream().map(WebElement::getText).toList())
                .containsExactly("Yesterday", "Today");

        // One run of three: tight, with no band under each bubble.
        String linkText = "Have a look: http://127.0.0.1:" + site.getAddress().getPort() + "/dolomites.";
        assertThat(gapBetween(a, "Found the route we talked about", linkText)).as("gap inside a run").isBetween(0.0, 6.0);
        assertThat(gapBetween(a, linkText, "Leaving at 7")).as("gap inside a run").isBetween(0.0, 6.0);
        assertThat(a.message("Found the route we talked about").getAttribute("class")).contains("run-first").doesNotContain("run-last");
        assertThat(a.message("Leaving at 7").getAttribute("class")).contains("run-last").doesNotContain("run-first");
        assertThat(a.message("Are we still on for the trip?").getAttribute("class")).contains("run-first").contains("run-last");
        WebElement last = a.message("Leaving at 7");
        double band = ((Number) a.js("const li = arguments[0]; return li.getBoundingClientRect().height"
                + " - li.querySelector('.bubble').getBoundingClientRect().height", last)).doubleValue();
        assertThat(band).as("height the message takes beyond its bubble").isLessThan(4);

        // The link opens safely in a new tab, and the node's card shows with its image.
        WebElement link = a.waitVisible(".bubble a.msg-link");
        assertThat(link.getAttribute("href")).isEqualTo("http://127.0.0.1:" + site.getAddress().getPort() + "/dolomites");
        assertThat(link.getAttribute("target")).isEqualTo("_blank");
        assertThat(link.getAttribute("rel")).isEqualTo("noopener noreferrer");
        a.waitText(".link-card .link-card-title", "Three days in the Dolomites");
        a.waitText(".link-card .link-card-desc", "Via ferratas");
        a.wait.until(d -> Boolean.TRUE.equals(a.js("const i = document.querySelector('.link-card-image');"
                + " return !!i && !i.hidden && i.complete && i.naturalWidth === 120 && i.src.startsWith('blob:')")));

        // Hovering a message shows the button for its menu beside the bubble, without moving the thread.
        int before = last.getRect().getY();
        new Actions(a.driver).moveToElement(last.findElement(By.cssSelector(".bubble"))).perform();
        a.wait.until(d -> "1".equals(last.findElement(By.cssSelector(".msg-more")).getCssValue("opacity")));
        assertThat(last.getRect().getY()).isEqualTo(before);
        a.screenshot("21-thread-runs-days-link-card");

        // Bob reads: "Seen" goes under Ann's newest message, and only there.
        Browser b = WEB.browser("bob");
        b.signIn("bob_th");
        b.click("#conv-list .conv-item");
        b.message("Leaving at 7");
        a.wait.until(d -> "Leaving at 7".equals(seenUnder(a)));

        // Ann unsends it (after confirming): "Seen" moves to the message before, which Bob read too.
        a.messageAction("Leaving at 7", "Unsend");
        a.click("#confirm-yes");
        a.waitText(".msg.deleted", "Message unsent");
        a.wait.until(d -> seenUnder(a) != null && seenUnder(a).startsWith("Have a look"));

        // A reply from Bob says more than "Seen": it goes.
        b.send("See you at 7 then");
        a.message("See you at 7 then");
        a.wait.until(d -> seenUnder(a) == null);

        a.resize(390, 844);
        a.message("See you at 7 then");
        a.screenshot("22-thread-phone");
        assertThat((Boolean) a.js("return document.documentElement.scrollWidth <= window.innerWidth")).isTrue();
    }

    /**
     * A message arriving while the reader is up in older ones lands out of sight: nothing said so.
     * A "New messages" button shows over the thread's foot and takes the reader down; being at the
     * bottom already, or sending, shows none.
     */
    @Test
    void aMessageArrivingWhileScrolledUpShowsANewMessagesButton() {
        Api api = WEB.api();
        Api.Person kim = api.signUp("kim_nm");
        Api.Person lou = api.signUp("lou_nm");
        api.befriend(kim, lou);
        String dm = api.open(lou, kim);
        for (int i = 1; i <= 30; i++) {
            api.send(lou, dm, "Line " + i + " of the long story").expect(201);
        }
        Browser k = WEB.browser("kim");
        k.signIn("kim_nm");
        k.go("#/c/" + dm);
        k.message("Line 30 of the long story");
        api.send(lou, dm, "Seen at once").expect(201);
        k.message("Seen at once");
        assertThat(k.driver.findElement(By.id("new-messages")).isDisplayed()).as("at the bottom: no button").isFalse();

        k.js("document.querySelector('.scroller').scrollTop = 0");
        k.wait.until(d -> Boolean.TRUE.equals(k.js("const s = document.querySelector('.scroller');"
                + " return s.scrollHeight - s.scrollTop - s.clientHeight > 300;")));
        api.send(lou, dm, "And then the twist").expect(201);
        k.message("And then the twist");
        k.waitVisible("#new-messages");
        k.screenshot("thread-new-messages-button");
        k.click("#new-messages");
        k.waitGone("#new-messages");
        k.wait.until(d -> Boolean.TRUE.equals(k.js("const s = document.querySelector('.scroller');"
                + " return s.scrollHeight - s.scrollTop - s.clientHeight < 60;")));
    }

    @Test
    void seenNeverSitsUnderAFailedSend() {
        CLOCK.advanceTo(Instant.now());
        Api.Person cat = WEB.api().signUp("cat_th");
        Api.Person dan = WEB.api().signUp("dan_th");
        String dm = WEB.api().open(cat, dan);
        WEB.api().send(cat, dm, "Hi Dan, Cat from the gym").expect(201);

        Browser c = WEB.browser("cat");
        c.resize(390, 844);
        c.signIn("cat_th");
        c.click("#conv-list .conv-item");
        c.message("Hi Dan, Cat from the gym");
        // A request holds one message: this one fails and stays, offering a retry.
        c.send("Are you there?");
        c.waitText(".msg.failed .fail", "hasn't been accepted yet");

        WEB.api().post("/api/v1/conversations/" + dm + "/accept", dan.token(), Map.of()).expect(200);
        WEB.api().post("/api/v1/conversations/" + dm + "/read", dan.token(), Map.of("seq", 1)).expect(200);
        c.wait.until(d -> "Hi Dan, Cat from the gym".equals(seenUnder(c)));
        assertThat(c.driver.findElements(By.cssSelector(".msg.failed .seen"))).isEmpty();
        c.screenshot("23-seen-not-under-failed-phone");
    }
}
