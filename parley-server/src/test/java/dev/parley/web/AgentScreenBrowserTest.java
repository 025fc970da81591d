package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Eventually;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.Select;

/**
 * The agent's conversation screen as an agent and a customer see it, at a laptop's 1366×800 and
 * a phone's 390×844: the inbox panel to the right of the thread on the laptop and a drawer on the
 * phone, the customer's latest message in view, no sideways scrolling, the team's notes inline in
 * the thread for agents and never for the customer, and one automatic reply to a first message
 * outside opening hours however many automations are on.
 */
@Tag("sqlite-only")
@ExtendWith(ScreenshotsOnFailure.class)
class AgentScreenBrowserTest {
    static final int LAPTOP_W = 1366;
    static final int LAPTOP_H = 800;
    static final int PHONE_W = 390;
    static final int PHONE_H = 844;
    @RegisterExtension
    static final WebNode WEB = WebNode.with(Map.of());

    /** A business page, its owner, and a customer who wrote many messages ending with {@code latest}. */
    private record Scene(Person owner, String shop, String business, Person customer, String conversation) {}

    private static Scene scene(String tag, String latest) {
        Api api = WEB.api();
        Person owner = api.signUp(tag + "owner");
        String shop = api.post("/api/v1/businesses", owner.token(), Map.of("handle", tag + "shop",
                "display_name", "Kite Shop " + tag)).expect(201).body().at("/business/id").asText();
        Person customer = api.signUp(tag + "cust");
        api.put("/api/v1/accounts/" + shop + "/like", customer.token()).expect(200);
        String c = api.open(customer, new Person(shop, null, null));
        // More than a screen's worth, so the thread has to scroll to show the newest.
        for (int i = 1; i <= 24; i++) {
            api.send(customer, c, "Message " + i + " about my order, which has not arrived yet.").expect(201);
        }
        api.send(customer, c, latest).expect(201);
        return new Scene(owner, shop, "Kite Shop " + tag + " (@" + tag + "shop, business)", customer, c);
    }

    private static Browser agent(Scene s, String name, int width, int height) {
        Browser b = WEB.browser(name);
        viewport(b, width, height);
        b.signIn(s.owner().handle());
        new Select(b.waitVisible("#acting")).selectByVisibleText(s.business());
        b.waitOnline();
        b.go("#/c/" + s.conversation());
        return b;
    }

    private static Browser customer(Scene s, String name, int width, int height) {
        Browser b = WEB.browser(name);
        viewport(b, width, height);
        b.signIn(s.customer().handle());
        b.go("#/c/" + s.conversation());
        return b;
    }

    @Test
    void onALaptopThePanelIsBesideTheThreadAndNotesShowInlineForAgentsOnly() {
        String latest = "Where is my kite? It has been three weeks!";
        String note = "Courier lost it; we resend today, no charge.";
        String reply = "So sorry! A new kite leaves today.";
        Scene s = scene("lap", latest);
        // The customer has the conversation open all along, so the note would reach them live if it could.
        Browser cust = customer(s, "customer-laptop", LAPTOP_W, LAPTOP_H);
        cust.message(latest);
        Browser ann = agent(s, "agent-laptop", LAPTOP_W, LAPTOP_H);
        ann.message(latest);
        ann.waitText(".inbox-panel .customer", "Lapcust");

        assertThat(ann.js(RECT + "const t = r('.conv .scroller'), p = r('.inbox-panel');"
                + "return p.left >= t.right - 1 && p.top < t.bottom && p.bottom > t.top && t.width >= 500"))
                .as("the panel is a column to the right of the thread").isEqualTo(true);
        assertThat(ann.driver.findElement(By.id("inbox-panel-toggle")).isDisplayed())
                .as("no drawer button when the panel has its column").isFalse();
        assertInView(ann, latest);
        assertNoOverflow(ann);

        // A note, added from the panel, shows in the thread in time order, marked as the team's.
        ann.type("#note-text", note);
        ann.clickText("button", "Add note");
        ann.waitText(".messages .thread-note", note);
        ann.waitText(".messages .thread-note", "Note · only agents see this");
        assertThat(ann.js("const items = [...document.querySelectorAll('.messages > li')];"
                + "return items[items.length - 1].textContent.includes(arguments[0])"
                + " && items[items.length - 2].textContent.includes(arguments[1])", note, latest))
                .as("the note follows the message it was written after").isEqualTo(true);
        ann.send(reply);
        ann.messageShowing(reply, "by Lapowner");
        assertThat(ann.js("const items = [...document.querySelectorAll('.messages > li')];"
                + "return items[items.length - 2].textContent.includes(arguments[0])", note))
                .as("the reply written after the note comes after it").isEqualTo(true);
        assertInView(ann, reply);
        ann.screenshot("60-agent-laptop-panel-beside-thread-with-note");

        // The customer gets the reply, live, and never the note: not on screen, not from the API.
        cust.message(reply);
        cust.message(latest);
        assertThat(cust.bodyText()).doesNotContain(note).doesNotContain("only agents see this");
        assertThat(cust.driver.findElements(By.cssSelector(".thread-note, #inbox-panel, #inbox-panel-toggle"))).isEmpty();
        assertInView(cust, reply);
        assertNoOverflow(cust);
        cust.screenshot("61-customer-laptop-no-note");
        Api api = WEB.api();
        String messages = api.get("/api/v1/conversations/" + s.conversation() + "/messages?limit=100",
                s.customer().token()).expect(200).raw();
        String sync = api.get("/api/v1/sync?since=0&limit=1000", s.customer().token()).expect(200).raw();
        assertThat(messages).contains(reply).doesNotContain(note);
        assertThat(sync).contains(reply).doesNotContain(note).doesNotContain("note.created");
    }

    @Test
    void onAPhoneThePanelIsADrawerClosedByDefaultAndNothingScrollsSideways() {
        String latest = "Can I still change the colour to red?";
        String note = "Colour change is fine until it ships.";
        Scene s = scene("pho", latest);
        Browser ann = agent(s, "agent-phone", PHONE_W, PHONE_H);
        ann.message(latest);
        ann.waitVisible("#inbox-panel-toggle");
        assertThat(ann.driver.findElement(By.id("inbox-panel")).isDisplayed()).as("closed by default").isFalse();
        assertThat(ann.attr("#inbox-panel-toggle", "aria-expanded")).isEqualTo("false");
        assertInView(ann, latest);
        assertNoOverflow(ann);
        ann.screenshot("62-agent-phone-thread");

        ann.click("#inbox-panel-toggle");
        ann.waitText(".inbox-panel .customer", "Phocust");
        assertThat(ann.attr("#inbox-panel-toggle", "aria-expanded")).isEqualTo("true");
        assertThat(ann.focused("#inbox-panel-title")).as("the drawer takes the focus").isTrue();
        assertThat(ann.js(RECT + "const p = r('#inbox-panel'); return p.left >= 0 && p.right <= innerWidth + 0.5"))
                .as("the drawer fits the screen").isEqualTo(true);
        assertNoOverflow(ann);
        assertScrollsInside(ann, "#inbox-panel", "#inbox-panel > :last-child");
        ann.screenshot("63-agent-phone-drawer-open");
        ann.click("#inbox-panel-close");
        ann.waitGone("#inbox-panel");
        assertThat(ann.focused("#inbox-panel-toggle")).as("the focus returns to the button").isTrue();
        ann.click("#inbox-panel-toggle");
        ann.waitVisible("#inbox-panel");
        ann.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        ann.waitGone("#inbox-panel");

        // A note written in the drawer closes it and shows in the thread.
        ann.click("#inbox-panel-toggle");
        ann.type("#note-text", note);
        ann.clickText("button", "Add note");
        ann.waitGone("#inbox-panel");
        ann.waitText(".messages .thread-note", note);
        assertInView(ann, note);
        assertNoOverflow(ann);
        ann.screenshot("64-agent-phone-note-inline");

        Browser cust = customer(s, "customer-phone", PHONE_W, PHONE_H);
        cust.message(latest);
        assertInView(cust, latest);
        assertNoOverflow(cust);
        assertThat(cust.bodyText()).doesNotContain(note);
        cust.screenshot("65-customer-phone");

        // The agent's shared inbox and conversation list fit the phone too.
        ann.click(".conv .back");
        ann.waitVisible("#open-inbox");
        assertNoOverflow(ann);
        ann.screenshot("66-agent-phone-conversation-list");
        // The business's sidebar (its links, search, folders and list) is taller than a phone whose browser bars
        // or keyboard take part of the screen: it scrolls inside the screen, where the page itself scrolled.
        viewport(ann, PHONE_W, 600);
        assertScrollsInside(ann, ".sidebar", "#conv-list .conv-item");
        ann.screenshot("66b-agent-phone-conversation-list-short");
        assertNoOverflow(ann);
        viewport(ann, PHONE_W, PHONE_H);
        ann.click("#open-inbox");
        ann.waitText("#inbox-list", "Phocust");
        assertNoOverflow(ann);
        ann.screenshot("66-agent-phone-shared-inbox");
    }

    @Test
    void personToPersonScreensFitALaptopAndAPhone() {
        Api api = WEB.api();
        Person fay = api.signUp("p2pfay");
        Person gus = api.signUp("p2pgus");
        api.follow(gus, fay);
        String dm = api.open(fay, gus);
        for (int i = 1; i <= 20; i++) {
            api.send(fay, dm, "Line " + i + ": a-rather-long-word-without-any-spaces-in-it-at-all-that-must-wrap-" + i)
                    .expect(201);
        }
        api.send(fay, dm, "Are you around this weekend?").expect(201);
        for (int[] size : List.of(new int[] {LAPTOP_W, LAPTOP_H}, new int[] {PHONE_W, PHONE_H})) {
            Browser g = WEB.browser("p2p-" + size[0]);
            viewport(g, size[0], size[1]);
            g.signIn("p2pgus");
            g.waitText("#conv-list .conv-item", "Are you around this weekend?");
            assertNoOverflow(g);
            g.screenshot("67-p2p-list-" + size[0]);
            g.click("#conv-list .conv-item");
            g.message("Are you around this weekend?");
            assertInView(g, "Are you around this weekend?");
            assertNoOverflow(g);
            g.screenshot("68-p2p-conversation-" + size[0]);
            g.close();
        }
    }

    /**
     * Instant reply, away message and the FAQ bot all on, and a first message outside opening
     * hours that the bot cannot answer: the customer's window shows exactly one automatic reply,
     * the away message opened by the bot saying it is one, labelled as not a person's.
     */
    @Test
    void aFirstMessageOutsideHoursGetsExactlyOneAutomaticReplyInTheCustomersWindow() {
        Api api = WEB.api();
        Person owner = api.signUp("nightowner");
        String shop = api.post("/api/v1/businesses", owner.token(), Map.of("handle", "nightshop",
                "display_name", "Night Kites")).expect(201).body().at("/business/id").asText();
        String b = "/api/v1/businesses/" + shop;
        api.post(b + "/faq", owner.token(), Map.of("question", "What are your opening hours?",
                "answer", "Weekdays 9 to 5.")).expect(201);
        // Open on one day only, three days from now: closed whatever the time of this run.
        String day = LocalDate.now(ZoneOffset.UTC).plusDays(3).getDayOfWeek().name().substring(0, 3).toLowerCase(Locale.ROOT);
        api.call("PUT", b + "/automation", owner.token(), Map.of(
                "instant_reply", Map.of("enabled", true, "text", "Thanks! A person will reply shortly."),
                "away_message", Map.of("enabled", true, "text", "We are closed right now; back soon.", "time_zone", "UTC",
                        "hours", Map.of(day, List.of(List.of("09:00", "17:00")))),
                "faq_bot", Map.of("enabled", true))).expect(200);
        Person cust = api.signUp("nightcust");
        api.put("/api/v1/accounts/" + shop + "/like", cust.token()).expect(200);
        String c = api.open(cust, new Person(shop, null, null));

        Browser cb = WEB.browser("night-customer");
        viewport(cb, PHONE_W, PHONE_H);
        cb.signIn("nightcust");
        cb.go("#/c/" + c);
        cb.waitVisible("#compose");
        cb.send("hello, can I talk to a person?");
        cb.message("hello, can I talk to a person?");
        long seq = 0;
        for (JsonNode m : api.get("/api/v1/conversations/" + c + "/messages", cust.token()).body().get("items")) {
            if (m.get("text").asText().equals("hello, can I talk to a person?")) {
                seq = m.get("seq").asLong();
            }
        }
        long first = seq;
        Eventually.await("automation handled the first message", Duration.ofSeconds(30),
                () -> api.get(b + "/conversations/" + c + "/bot", owner.token()).expect(200).body(),
                (JsonNode bot) -> first > 0 && bot.get("seen_seq").asLong() >= first);
        String away = cb.waitText(".messages .bubble .text", "We are closed right now").getText();
        cb.messageShowing(away, "Bot");
        assertThat(cb.messageTexts()).as("the customer's message and one reply").hasSize(2);
        assertThat(cb.driver.findElements(By.cssSelector(".messages .author-kind"))).hasSize(1);
        String only = cb.messageTexts().get(1);
        assertThat(only).contains("We are closed right now").contains("bot")
                .doesNotContain("A person will reply shortly");
        assertNoOverflow(cb);
        assertInView(cb, only);
        cb.screenshot("69-customer-one-automatic-reply-at-night");

        // The business's agents see the same single reply, labelled too.
        Browser ob = WEB.browser("night-owner");
        viewport(ob, LAPTOP_W, LAPTOP_H);
        ob.signIn("nightowner");
        new Select(ob.waitVisible("#acting")).selectByVisibleText("Night Kites (@nightshop, business)");
        ob.waitOnline();
        ob.go("#/c/" + c);
        ob.messageShowing(away, "Bot");
        assertThat(ob.messageTexts()).hasSize(2);
        assertThat(ob.driver.findElements(By.cssSelector(".messages .author-kind"))).hasSize(1);
        assertNoOverflow(ob);
        ob.screenshot("70-agent-one-automatic-reply-at-night");
    }

    // --- measuring the page ----------------------------------------------------------------------

    /** A helper in the page: r(css) is the element's rectangle. */
    private static final String RECT = "const r = (css) => document.querySelector(css).getBoundingClientRect();";

    /** The page is no wider than the screen, and nothing of the bars, the thread or the panel is cut off at its edge. */
    private static void assertNoOverflow(Browser b) {
        assertThat(b.js("return document.documentElement.scrollWidth <= innerWidth"))
                .as(b.name + ": the page is no wider than the screen").isEqualTo(true);
        assertThat(b.js("return [...document.querySelectorAll('.top *, .sidebar *, .conv-head *, .messages *, .composer *,"
                + " .inbox-panel *, .inbox-screen *')].filter((e) => e.getClientRects().length && !e.closest('.vh')"
                + " && e.getBoundingClientRect().right > innerWidth + 0.5)"
                + ".map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"))
                .as(b.name + ": elements that reach past the screen's edge").asList().isEmpty();
    }

    /**
     * The page is no taller than the screen, the element (a sidebar, a drawer) ends inside it, and scrolled to its
     * end it shows its last part (the selector) whole: what does not fit scrolls inside it, neither past the
     * screen's edge nor squeezed to nothing.
     */
    private static void assertScrollsInside(Browser b, String css, String last) {
        assertThat(b.js("return document.documentElement.scrollHeight <= innerHeight"))
                .as(b.name + ": the page itself does not scroll").isEqualTo(true);
        assertThat(b.js("const e = document.querySelector(arguments[0]); const r = e.getBoundingClientRect();"
                + "e.scrollTop = e.scrollHeight; const l = e.querySelector(arguments[1]);"
                + "l.scrollIntoView({block: 'nearest'}); const x = l.getBoundingClientRect();"
                + "const seen = (px, py) => l.contains(document.elementFromPoint(px, py));"
                + "return r.bottom <= innerHeight + 0.5 && x.height > 0 && x.top >= r.top - 0.5 && x.bottom <= r.bottom + 0.5"
                + " && seen(x.left + 4, x.top + 2) && seen(x.left + 4, x.bottom - 2)",
                css, last)).as(b.name + ": " + css + " ends inside the screen and scrolls to " + last).isEqualTo(true);
    }

    /** The message (or note) with this text shows whole inside the thread's scroller and the window. */
    private static void assertInView(Browser b, String text) {
        b.wait.withMessage(() -> b.name + ": \"" + text + "\" is not in view").until(d -> Boolean.TRUE.equals(b.js(
                "const li = [...document.querySelectorAll('.messages > li')].find((e) =>"
                        + " e.querySelector('.bubble .text')?.textContent === arguments[0]);"
                        + "if (!li) return false;"
                        + "const m = li.querySelector('.bubble').getBoundingClientRect();"
                        + "const s = document.querySelector('.conv .scroller').getBoundingClientRect();"
                        + "const c = document.querySelector('.composer').getBoundingClientRect();"
                        + "return m.top >= s.top - 0.5 && m.bottom <= s.bottom + 0.5 && m.bottom <= innerHeight"
                        + " && m.left >= 0 && m.right <= innerWidth && c.bottom <= innerHeight + 0.5", text)));
        assertThat(b.js("return document.documentElement.scrollHeight <= innerHeight"))
                .as(b.name + ": the thread scrolls, not the page under the bars").isEqualTo(true);
    }

    /** An emulated viewport of exactly this size ({@code mobile} below 720 px, honouring the viewport meta tag). */
    static void viewport(Browser b, int width, int height) {
        b.driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 720));
        b.wait.until(d -> ((Number) b.js("return window.innerWidth")).intValue() == width);
    }
}
