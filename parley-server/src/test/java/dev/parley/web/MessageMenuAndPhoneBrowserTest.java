package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.Pause;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.Sequence;

/**
 * Issue 21 point 8 in Chromium: a message's actions are one menu (right-click or "⋯" on a laptop at
 * 1366×800, a long press on a phone at 390×844, where it is a sheet at the bottom with rows of at
 * least 44 px) instead of buttons under every bubble; on the phone the list and the thread are two
 * screens with back navigation (the browser's too), the conversation's header is compact, and no
 * main screen scrolls sideways at 360 px.
 */
@Tag("sqlite-only")
@ExtendWith(ScreenshotsOnFailure.class)
class MessageMenuAndPhoneBrowserTest {
    @RegisterExtension
    static final WebNode WEB = WebNode.with(Map.of());

    private static final List<String> QUICK = List.of("React 👍", "React ❤️", "React 😂", "React 😮", "React 😢", "React 🙏",
            "More reactions");

    /** Carol and Dave follow each other; Dave asked, Carol answered. Answers the conversation's id. */
    private static String scene(String tag) {
        Api api = WEB.api();
        Person carol = api.signUp("carol_mm_" + tag);
        Person dave = api.signUp("dave_mm_" + tag);
        api.befriend(carol, dave);
        String dm = api.open(dave, carol);
        api.send(dave, dm, "Are you free on Friday?").expect(201);
        api.send(carol, dm, "Yes, after six").expect(201);
        return dm;
    }

    @Test
    void onALaptopARightClickOrTheDotsOpenOneMenuPerMessage() {
        scene("laptop");
        Browser c = WEB.browser("carol-menu-laptop");
        c.resize(1366, 800);
        c.signIn("carol_mm_laptop");
        c.click("#conv-list .conv-item");
        WebElement theirs = c.message("Are you free on Friday?");
        // Nothing under the bubbles: no row of buttons, and no room kept for one.
        assertThat(c.driver.findElements(By.cssSelector(".msg:not(.pending) .actions"))).isEmpty();
        double band = ((Number) c.js("const li = arguments[0]; return li.getBoundingClientRect().height"
                + " - li.querySelector('.bubble').getBoundingClientRect().height", theirs)).doubleValue();
        assertThat(band).isLessThan(4);

        // A right-click on someone else's message: reactions, then what can be done with it, each labelled.
        c.openMessageMenu("Are you free on Friday?");
        assertThat(menuLabels(c)).containsExactlyElementsOf(concat(QUICK, List.of("Reply", "Copy text", "Report")));
        assertThat(c.focused("#msg-menu [role='menuitem']")).as("the menu takes the focus").isTrue();
        c.screenshot("msg-menu-laptop-01-right-click");
        new Actions(c.driver).sendKeys(Keys.ESCAPE).perform();
        c.waitGone("#msg-menu");

        // One's own message offers edit and unsend; the "⋯" beside the bubble opens the same menu.
        WebElement mine = c.message("Yes, after six");
        new Actions(c.driver).moveToElement(mine.findElement(By.cssSelector(".bubble"))).perform();
        c.click(".msg.mine .msg-more");
        c.waitVisible("#msg-menu");
        assertThat(menuLabels(c)).containsExactlyElementsOf(concat(QUICK, List.of("Reply", "Edit", "Copy text", "Unsend")));
        assertThat(c.attr(".msg.mine .msg-more", "aria-expanded")).isEqualTo("true");
        c.screenshot("msg-menu-laptop-02-dots-own-message");
        c.clickText("#msg-menu [role='menuitem']", "Edit");
        c.waitText(".composer .context", "Editing your message");

        // Reacting from the menu; the keyboard's menu key opens it on a focused message.
        c.messageAction("Are you free on Friday?", "React 😂");
        c.waitText(".msg .chip", "😂 1");
        c.js("document.getElementById(arguments[0]).focus()", c.message("Are you free on Friday?").getAttribute("id"));
        new Actions(c.driver).keyDown(Keys.SHIFT).sendKeys(Keys.F10).keyUp(Keys.SHIFT).perform();
        c.waitVisible("#msg-menu");
        c.clickText("#msg-menu [role='menuitem']", "Reply");
        c.waitText(".composer .context", "Replying to");
        assertThat(c.focused("#compose")).isTrue();
    }

    @Test
    void onAPhoneALongPressOpensASheetAndTheListAndThreadAreTwoScreens() {
        scene("phone");
        Browser c = WEB.browser("carol-menu-phone");
        c.resize(390, 844);
        c.signIn("carol_mm_phone");

        // The list is the first screen; a conversation replaces it.
        c.waitText("#conv-list .conv-item", "Yes, after six");
        assertThat(displayed(c, ".pane")).isFalse();
        assertNoSidewaysScroll(c, "the list");
        c.screenshot("phone-01-list");
        Object historyBefore = c.js("return history.length");
        c.click("#conv-list .conv-item");
        c.message("Are you free on Friday?");
        assertThat(displayed(c, ".sidebar")).isFalse();

        // A compact header: the app's bar gives way to the conversation's own single row.
        assertThat(displayed(c, ".top")).as("the app's header inside a conversation").isFalse();
        double head = ((Number) c.js("return document.querySelector('.conv-head').getBoundingClientRect().height")).doubleValue();
        assertThat(head).as("conversation header height").isLessThanOrEqualTo(64);
        assertNoSidewaysScroll(c, "the thread");
        assertTouchTargets(c, ".conv-head .back, .conv-head .head-actions > .button, .conv-head details.menu > summary,"
                + " .composer button");
        // The notifications button's bell is drawn by the page, not an emoji: the emoji was a blank
        // box where no emoji font is installed (this test's Chromium has none).
        Map<?, ?> bell = (Map<?, ?>) c.js("const s = getComputedStyle(document.querySelector("
                + "'.conv-head details.menu > summary'), '::before');"
                + " return { mask: s.maskImage || s.webkitMaskImage, w: parseFloat(s.width), content: s.content };");
        assertThat((String) bell.get("mask")).as("the bell").startsWith("url(\"data:image/svg+xml");
        assertThat(((Number) bell.get("w")).doubleValue()).as("the bell's width").isGreaterThan(10);
        assertThat((String) bell.get("content")).as("no emoji in the icon").doesNotContain("\uD83D\uDD14");
        c.screenshot("phone-02-thread-compact-header");

        // A long press on a bubble opens the menu as a sheet along the bottom edge; every row is ≥ 44 px.
        longPress(c, c.message("Are you free on Friday?").findElement(By.cssSelector(".bubble .meta")));
        c.waitVisible("#msg-menu");
        assertThat(menuLabels(c)).containsExactlyElementsOf(concat(QUICK, List.of("Reply", "Copy text", "Report")));
        Map<?, ?> sheet = (Map<?, ?>) c.js("const r = document.getElementById('msg-menu').getBoundingClientRect();"
                + " return { left: r.left, right: r.right, bottom: r.bottom, w: innerWidth, h: innerHeight };");
        assertThat(((Number) sheet.get("left")).doubleValue()).isEqualTo(0.0);
        assertThat(((Number) sheet.get("right")).doubleValue()).isEqualTo(((Number) sheet.get("w")).doubleValue());
        assertThat(((Number) sheet.get("bottom")).doubleValue()).isEqualTo(((Number) sheet.get("h")).doubleValue());
        assertTouchTargets(c, "#msg-menu [role='menuitem']");
        assertNoSidewaysScroll(c, "the open menu");
        c.screenshot("phone-03-long-press-sheet");
        c.clickText("#msg-menu [role='menuitem']", "Reply");
        c.waitGone("#msg-menu");
        c.waitText(".composer .context", "Replying to");
        c.send("Friday it is");
        c.message("Friday it is");
        longPress(c, c.message("Friday it is").findElement(By.cssSelector(".bubble .meta")));
        c.waitVisible("#msg-menu");
        c.js("document.querySelector(\"#msg-menu [aria-label='React ❤️']\").click()");
        c.waitText(".msg .chip", "❤️ 1");
        c.screenshot("phone-04-reacted-from-sheet");

        // The browser's back goes to the list, forward to the thread again; the "←" goes back without
        // stacking another list on the history.
        c.driver.navigate().back();
        c.waitVisible("#conv-list");
        assertThat(displayed(c, ".pane")).isFalse();
        c.driver.navigate().forward();
        c.message("Friday it is");
        c.click(".conv-head .back");
        c.waitVisible("#conv-list");
        assertThat(c.js("return location.hash")).isIn("#/", "");
        assertThat(c.js("return history.length")).isEqualTo(((Number) historyBefore).longValue() + 1);

        // 360 px wide: no main screen scrolls sideways.
        c.resize(360, 740);
        assertNoSidewaysScroll(c, "the list at 360");
        assertTouchTargets(c, ".folders button, .side-actions .button, .top-nav a, .top-nav button");
        c.screenshot("phone-05-list-360");
        for (String screen : List.of("#/find", "#/new-group", "#/settings", "#/p/dave_mm_phone", "#/search/Friday")) {
            c.go(screen);
            c.wait.until(d -> Boolean.TRUE.equals(c.js("return !!document.querySelector('#pane > *') && document.body.classList.contains('pane-open')")));
            c.waitVisible("#pane h2");
            assertNoSidewaysScroll(c, screen + " at 360");
        }
        c.go("#/");
        c.click("#conv-list .conv-item");
        c.message("Friday it is");
        assertNoSidewaysScroll(c, "the thread at 360");
        c.screenshot("phone-06-thread-360");
    }

    private static void longPress(Browser b, WebElement target) {
        PointerInput finger = new PointerInput(PointerInput.Kind.TOUCH, "finger");
        Sequence press = new Sequence(finger, 0)
                .addAction(finger.createPointerMove(Duration.ZERO, PointerInput.Origin.fromElement(target), 0, 0))
                .addAction(finger.createPointerDown(PointerInput.MouseButton.LEFT.asArg()))
                .addAction(new Pause(finger, Duration.ofMillis(700)))
                .addAction(finger.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
        b.driver.perform(List.of(press));
    }

    private static List<String> menuLabels(Browser b) {
        b.waitVisible("#msg-menu");
        return b.driver.findElements(By.cssSelector("#msg-menu [role='menuitem']")).stream()
                .map(e -> e.getAttribute("aria-label") != null ? e.getAttribute("aria-label") : e.getText()).toList();
    }

    private static boolean displayed(Browser b, String css) {
        return b.driver.findElements(By.cssSelector(css)).stream().anyMatch(WebElement::isDisplayed);
    }

    private static void assertNoSidewaysScroll(Browser b, String where) {
        Object ok = b.js("return document.documentElement.scrollWidth <= window.innerWidth");
        assertThat(ok).as("no sideways scroll on " + where).isEqualTo(true);
    }

    /** Every visible element matching css is at least 44×44 px. */
    private static void assertTouchTargets(Browser b, String css) {
        List<WebElement> shown = b.driver.findElements(By.cssSelector(css)).stream().filter(WebElement::isDisplayed).toList();
        assertThat(shown).as(css).isNotEmpty();
        for (WebElement e : shown) {
            Map<?, ?> r = (Map<?, ?>) b.js("const r = arguments[0].getBoundingClientRect(); return { w: r.width, h: r.height };", e);
            String what = e.getAttribute("outerHTML");
            assertThat(((Number) r.get("w")).doubleValue()).as("width of " + what).isGreaterThanOrEqualTo(44);
            assertThat(((Number) r.get("h")).doubleValue()).as("height of " + what).isGreaterThanOrEqualTo(44);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
