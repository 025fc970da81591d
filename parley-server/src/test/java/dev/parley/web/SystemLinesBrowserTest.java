package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Api;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * A group's life as centred grey lines in its thread (issue 21, point 5), each worded for its
 * reader ("You added Dee_sl" for Ann, "Ann_sl added Dee_sl" for Bea), reaching the other member
 * live, never making the group unread: Ann on a laptop (1366×800), Bea on a phone (390×844); and
 * a request names who added you ("Ann_sl added you").
 */
@Tag("sqlite-only")
@ExtendWith(ScreenshotsOnFailure.class)
class SystemLinesBrowserTest {
    @RegisterExtension
    static final WebNode WEB = WebNode.with(Map.of());

    @Test
    void aGroupsLifeShowsAsLinesInEachReadersWords() {
        Api.Person ann = WEB.api().signUp("ann_sl");
        Api.Person bea = WEB.api().signUp("bea_sl");
        Api.Person cyd = WEB.api().signUp("cyd_sl");
        WEB.api().signUp("dee_sl");
        for (Api.Person p : List.of(bea, cyd)) {
            WEB.api().follow(p, ann); // the group lands in their inbox
        }
        String group = WEB.api().post("/api/v1/conversations", ann.token(),
                Map.of("member_ids", List.of(bea.id(), cyd.id()), "title", "Trip")).expect(201).body().get("id").asText();

        Browser b = WEB.browser("bea");
        b.resize(390, 844);
        b.signIn("bea_sl");
        b.waitText("#conv-list .conv-item", "Trip");
        assertThat(b.driver.findElement(By.cssSelector("#conv-list .conv-item")).getAttribute("class"))
                .as("a group holding only its line is not unread").doesNotContain("unread");
        b.click("#conv-list .conv-item");
        b.waitText(".system-line", "Ann_sl created the group ‘Trip’");

        Browser a = WEB.browser("ann");
        a.resize(1366, 800);
        a.signIn("ann_sl");
        a.click("#conv-list .conv-item");
        a.waitText(".system-line", "You created the group ‘Trip’");

        // Ann renames the group and adds Dee from the members panel; Bea sees each line live.
        a.clickText(".conv-head a", "Members");
        a.clear("#rename");
        a.type("#rename", "Beach", Keys.ENTER);
        a.waitText("#rename-done", "Renamed to ‘Beach’.");
        b.waitText(".system-line", "Ann_sl named the group ‘Beach’");
        // In the list the line reads as it does in the thread: no "You:" before what no one wrote.
        a.waitText("#conv-list .conv-preview", "You named the group ‘Beach’");
        assertThat(a.texts("#conv-list .conv-preview")).noneMatch(t -> t.startsWith("You:"));
        a.type("#member-add", "dee_sl", Keys.ENTER);
        a.waitText(".members", "@dee_sl");
        b.waitText(".system-line", "Ann_sl added Dee_sl");
        a.click("button[aria-label='Remove Dee_sl']");
        a.waitText("#confirm-title", "from the group?");
        a.click("#confirm-yes");
        b.waitText(".system-line", "Ann_sl removed Dee_sl");
        WEB.api().delete("/api/v1/conversations/" + group + "/members/" + cyd.id(), cyd.token()).expect(204);
        b.waitText(".system-line", "Cyd_sl left");
        WEB.api().send(ann, group, "See you at the beach").expect(201);
        b.message("See you at the beach");
        b.screenshot("40-system-lines-phone");

        a.click("#conv-list .conv-item");
        a.waitText(".system-line", "You named the group ‘Beach’");
        a.waitText(".system-line", "You added Dee_sl");
        a.waitText(".system-line", "You removed Dee_sl");
        a.waitText(".system-line", "Cyd_sl left");
        a.message("See you at the beach");
        // The lines sit in the middle of the thread, apart from anyone's bubbles.
        Object centred = a.js("const l = document.querySelector('.system-line');"
                + "const r = l.getBoundingClientRect(), p = l.parentElement.getBoundingClientRect();"
                + "return Math.abs((r.left + r.right) / 2 - (p.left + p.right) / 2) < 4;");
        assertThat(centred).isEqualTo(true);
        a.screenshot("41-system-lines-laptop");
        assertThat(b.bodyText()).doesNotContain("unread");

        // Eve follows no one: added later, she gets a request naming who added her, once it holds a message.
        Api.Person eve = WEB.api().signUp("eve_sl");
        WEB.api().post("/api/v1/conversations/" + group + "/members", ann.token(),
                Map.of("account_ids", List.of(eve.id()))).expect(200);
        WEB.api().send(ann, group, "Welcome Eve").expect(201);
        Browser e = WEB.browser("eve");
        e.resize(390, 844);
        e.signIn("eve_sl");
        e.click("#folder-requests");
        e.click("#conv-list .conv-item");
        e.waitText(".banner", "Ann_sl (@ann_sl) added you to ‘Beach’.");
        e.waitText(".system-line", "Ann_sl added you");
        e.message("Welcome Eve");
        e.screenshot("42-system-lines-request-phone");

        // Ann, the only admin, leaves: Bea, there longest, runs the group now, and is told in her words.
        WEB.api().delete("/api/v1/conversations/" + group + "/members/" + ann.id(), ann.token()).expect(204);
        b.waitText(".system-line", "Ann_sl left");
        b.waitText(".system-line", "You are now an admin");
        e.waitText(".system-line", "Bea_sl is now an admin");
        b.go("#/c/" + group + "/members");
        b.waitVisible("button[aria-label='Remove Eve_sl']");
        // Bea makes Eve an admin too, then steps down herself; each is a line in the reader's words.
        b.click("button[aria-label='Make Eve_sl an admin']");
        b.waitVisible("button[aria-label='Remove Eve_sl as admin']");
        b.click("button[aria-label='Step down as admin']");
        b.waitGone("button[aria-label='Remove Eve_sl']");
        b.go("#/c/" + group);
        b.waitText(".system-line", "You made Eve_sl an admin");
        b.waitText(".system-line", "You stepped down as admin");
        e.waitText(".system-line", "Bea_sl made you an admin");
        e.waitText(".system-line", "Bea_sl stepped down as admin");
    }
}
