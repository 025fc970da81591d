package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.media.Samples;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/**
 * Issue 21 points 3 and 7 in Chromium, on a laptop (1366×800) and a phone (390×844): finding
 * people as one types and starting a conversation from the results; a bio and a picture on one's
 * profile; pin, archive (and back on a new message), mark as unread and delete for me from a
 * conversation's menu; keyboard shortcuts and their sheet.
 */
@Tag("sqlite-only")
@ExtendWith(ScreenshotsOnFailure.class)
class PeopleAndConversationActionsBrowserTest {
    @RegisterExtension
    static final WebNode WEB = WebNode.with(Map.of());

    record Size(String tag, int width, int height) {}

    @Test
    void onALaptop() throws Exception {
        scene(new Size("laptop", 1366, 800));
    }

    @Test
    void onAPhone() throws Exception {
        scene(new Size("phone", 390, 844));
    }

    @Test
    void newMessageFindsPeopleByNameAndAHandleNoOneHasSuggestsSome() {
        Api api = WEB.api();
        Person ann = person(api, "ann_nm", "Ann Lee");
        person(api, "gil_nm", "Gilberto Ávila");
        Browser b = WEB.browser("ann-new-message");
        b.resize(390, 844);
        b.signIn(ann.handle());
        // "New message" asked for an exact handle: a name typed there found no one.
        b.clickText("a", "New message");
        b.type("#find-handle", "avila");
        b.waitText("#find-results", "@gil_nm");
        b.screenshot("people-new-message-by-name");
        b.click("#find-results .person-row");
        b.waitVisible("#compose");
        assertThat((String) b.js("return location.hash")).isEqualTo("#/new/gil_nm");
        // A handle no one has: the page says so and offers the people it is like.
        b.go("#/find");
        b.type("#find-handle", "gilberto", Keys.ENTER);
        b.waitText(".profile", "No one has the handle @gilberto.");
        b.waitText(".lookalikes", "Gilberto Ávila");
        b.screenshot("people-no-such-handle-suggestions");
        b.click(".lookalikes a");
        b.waitText("#dm-permission", "You can message @gil_nm.");
    }

    private static Person person(Api api, String handle, String name) {
        Api.Res r = api.post("/api/v1/accounts", null, Map.of("handle", handle, "password", "correct horse battery",
                "display_name", name)).expect(201);
        Person p = new Person(r.body().at("/account/id").asText(), handle, r.body().get("token").asText());
        api.setDmPolicy(p, "everyone");
        return p;
    }

    private void scene(Size size) throws Exception {
        Api api = WEB.api();
        String s = size.tag().substring(0, 1);
        Person ann = person(api, "ann" + s, "Ann Lee");
        Person bob = person(api, "bob" + s, "Bob Stone");
        Person cat = person(api, "cat" + s, "Cat Moss");
        person(api, "dana" + s, "Dana Quill");
        String withBob = api.open(bob, ann);
        api.send(bob, withBob, "Climbing on Saturday?").expect(201);
        String withCat = api.open(cat, ann);
        api.send(cat, withCat, "Lunch?").expect(201);

        Browser b = WEB.browser("ann-" + size.tag());
        b.resize(size.width(), size.height());
        b.signIn(ann.handle());
        String shot = "people-actions-" + size.tag() + "-";

        // Point 3: people by name as one types; initials until a picture; a click opens the conversation.
        b.type("#people-q", "quil");
        b.waitText("#people-results", "@dana" + s);
        assertThat(b.driver.findElement(By.cssSelector("#people-results .avatar")).getText()).isEqualTo("DQ");
        b.screenshot(shot + "01-people-search");
        // A click opens a draft: the conversation is made with the first message, not before.
        b.click("#people-results .person-row");
        b.waitVisible("#compose");
        assertThat((String) b.js("return location.hash")).startsWith("#/new/");
        assertThat(b.driver.findElement(By.cssSelector("#conv-list")).getText()).doesNotContain("Dana");
        b.send("Hi Dana");
        b.wait.until(d -> ((String) b.js("return location.hash")).startsWith("#/c/"));
        b.go("#/");
        b.waitText("#conv-list", "Dana");

        // Point 7: pin Cat first; archive Bob, who comes back with a new message.
        b.waitText("#conv-list", "Bob Stone");
        menu(b, withCat, "Pin");
        b.waitText("#conv-list li:first-child", "Cat Moss");
        b.waitText("#conv-list li:first-child .pin", "Pinned");
        menu(b, withBob, "Archive");
        b.waitNoText("#conv-list", "Bob Stone");
        b.click("#folder-archived");
        b.waitText("#conv-list", "Bob Stone");
        b.screenshot(shot + "02-archived");
        api.send(bob, withBob, "Still on for Saturday?").expect(201);
        b.waitNoText("#conv-list", "Bob Stone");
        b.click("#folder-inbox");
        b.waitText("#conv-list", "Still on for Saturday?");

        // Mark as unread: a badge of 1 on a conversation already read.
        api.post("/api/v1/conversations/" + withCat + "/read", ann.token(), Map.of("seq", 1)).expect(200);
        b.waitGone("[data-key='" + withCat + "'] .badge");
        menu(b, withCat, "Mark as unread");
        b.waitText("[data-key='" + withCat + "'] .badge", "1");
        b.screenshot(shot + "03-pinned-and-unread");

        // Delete for me: gone from Ann's list (after she confirms), kept for Bob.
        b.js("window.confirm = () => true");
        menu(b, withBob, "Delete for me");
        b.waitNoText("#conv-list", "Bob Stone");
        assertThat(api.get("/api/v1/conversations/" + withBob + "/messages", bob.token()).body().get("items")).hasSize(2);

        // Shortcuts: "?" shows the sheet, Ctrl+K goes to people search, Alt+↓ opens the next conversation.
        // Out of any field (a click on the page's middle could land on a folder tab on a phone).
        b.js("document.activeElement?.blur()");
        new Actions(b.driver).sendKeys("?").perform();
        b.waitText("#shortcuts-help", "Keyboard shortcuts");
        b.screenshot(shot + "04-shortcuts");
        new Actions(b.driver).sendKeys(Keys.ESCAPE).perform();
        b.waitGone("#shortcuts-help[open]");
        new Actions(b.driver).keyDown(Keys.CONTROL).sendKeys("k").keyUp(Keys.CONTROL).perform();
        assertThat(b.focused("#people-q")).isTrue();
        b.go("#/");
        new Actions(b.driver).keyDown(Keys.ALT).sendKeys(Keys.ARROW_DOWN).keyUp(Keys.ALT).perform();
        // The first in the list (Cat, pinned) opens; on a phone the list gives way to the thread.
        b.wait.until(d -> ("#/c/" + withCat).equals(b.js("return location.hash")));

        // Point 3: a bio and a picture on one's own profile, seen by others. (On a phone the app's
        // header, with "Profile", is the list's: a conversation has its own compact one.)
        b.go("#/");
        b.click("#my-profile");
        b.type("#bio", "Climbs rocks, bakes bread.");
        b.clickText("button", "Save bio");
        b.waitText(".profile-edit [role='status']", "Bio saved.");
        Path png = Files.createTempFile("avatar", ".png");
        Files.write(png, Samples.png(96, 96));
        b.driver.findElement(By.id("avatar-file")).sendKeys(png.toString());
        b.waitText(".profile-edit [role='status']", "Picture updated.");
        b.waitVisible(".avatar-slot img");
        // Shown is not loaded: on a busy machine the picture's bytes come after the element.
        b.wait.withMessage("the signed link serves the picture").until(x -> Boolean.TRUE.equals(b.js(
                "const i = document.querySelector('.avatar-slot img'); return !!i && i.complete && i.naturalWidth > 0")));
        b.screenshot(shot + "05-own-profile");
        JsonNode seen = api.get("/api/v1/accounts/" + ann.id(), cat.token()).expect(200).body();
        assertThat(seen.get("bio").asText()).isEqualTo("Climbs rocks, bakes bread.");
        assertThat(seen.get("avatar_url").asText()).contains("sig=");
        Files.deleteIfExists(png);
        if (size.width() < 500) {
            Object wide = b.js("return document.documentElement.scrollWidth > window.innerWidth");
            assertThat(wide).as("no sideways scrolling on a phone").isEqualTo(false);
        }
    }

    /** Opens a conversation's "⋯" menu in the list and picks an action. */
    private static void menu(Browser b, String conversationId, String action) {
        b.click("[data-fk='more-" + conversationId + "']");
        b.clickText(".conv-menu [role='menuitem']", action);
        b.waitGone(".conv-menu");
    }
}
