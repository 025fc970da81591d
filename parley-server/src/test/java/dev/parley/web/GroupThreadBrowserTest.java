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
import org.openqa.selenium.WebElement;

/**
 * A group's thread (issue 21, points 1 and 5): a group request names who added you; one sender's
 * run shows their name once and their initials once; "Seen by" sits under the message each reader
 * reached, with their initials, the same as the conversation list's. At a laptop's and a phone's size.
 */
@Tag("sqlite-only")
@ExtendWith(ScreenshotsOnFailure.class)
class GroupThreadBrowserTest {
    @RegisterExtension
    static final WebNode WEB = WebNode.with(Map.of());

    @Test
    void aGroupRequestNamesWhoAddedYouAndRunsAndSeenReadAsInMessenger() {
        Api.Person ann = WEB.api().signUp("ann_gt");
        Api.Person bea = WEB.api().signUp("bea_gt");
        Api.Person cyd = WEB.api().signUp("cyd_gt");
        WEB.api().follow(bea, ann); // the group lands in Bea's inbox; Cyd gets it as a request
        String group = WEB.api().post("/api/v1/conversations", ann.token(),
                Map.of("member_ids", List.of(bea.id(), cyd.id()), "title", "Trip")).expect(201).body().get("id").asText();
        WEB.api().send(ann, group, "Train or car?").expect(201);
        WEB.api().send(ann, group, "I vote train").expect(201);
        WEB.api().send(bea, group, "Train!").expect(201);
        WEB.api().send(ann, group, "Booking it now").expect(201);

        Browser c = WEB.browser("cyd");
        c.resize(1366, 800);
        c.signIn("cyd_gt");
        c.click("#folder-requests");
        c.click("#conv-list .conv-item");
        c.waitText(".banner", "Ann_gt (@ann_gt) added you to ‘Trip’.");
        // Ann's first run: her name once, her initials once (beside its last bubble).
        WebElement first = c.message("Train or car?");
        WebElement second = c.message("I vote train");
        assertThat(first.findElements(By.cssSelector(".sender"))).hasSize(1);
        assertThat(second.findElements(By.cssSelector(".sender"))).isEmpty();
        assertThat(first.findElement(By.cssSelector(".run-avatar")).getAttribute("class")).contains("spacer");
        assertThat(second.findElement(By.cssSelector(".run-avatar")).getText()).isEqualTo("A");
        c.screenshot("28-group-request-names-who-added");

        // Bea reads everything: Ann sees "Seen by Bea_gt" under her newest message, with Bea's initials.
        Browser a = WEB.browser("ann");
        a.resize(390, 844);
        a.signIn("ann_gt");
        a.click("#conv-list .conv-item");
        a.message("Booking it now");
        // Seq 1 is the group's "created" line, so Ann's "Booking it now" is seq 5.
        WEB.api().post("/api/v1/conversations/" + group + "/read", bea.token(), Map.of("seq", 5)).expect(200);
        WebElement seen = a.waitText(".msg .seen", "Seen by Bea_gt");
        assertThat((String) a.js("return arguments[0].closest('li').querySelector('.bubble .text').textContent", seen))
                .isEqualTo("Booking it now");
        assertThat(seen.findElement(By.cssSelector(".seen-face")).getText()).isEqualTo("B");
        a.screenshot("29-group-seen-by-phone");

        // A name with a leading "@" and an emoji has the same initials in Cyd's conversation list as in the
        // group's thread: the list took the name's first code point ("@", or half an emoji), the thread "@🦊".
        Api.Person dee = WEB.api().signUp("dee_gt");
        WEB.api().patch("/api/v1/me", dee.token(), Map.of("display_name", "@dee 🦊")).expect(200);
        WEB.api().post("/api/v1/conversations/" + group + "/members", ann.token(), Map.of("account_ids", List.of(dee.id())))
                .expect(200);
        WEB.api().send(dee, group, "Count me in").expect(201);
        WEB.api().send(cyd, WEB.api().open(cyd, dee), "Hi Dee").expect(201);
        WebElement dees = c.message("Count me in");
        c.wait.until(d -> "D🦊".equals(dees.findElement(By.cssSelector(".run-avatar")).getText()));
        c.click("#folder-inbox");
        WebElement listed = c.waitText("#conv-list .conv-item", "@dee 🦊");
        assertThat(listed.findElement(By.cssSelector(".avatar")).getText()).as("the list's avatar").isEqualTo("D🦊");
    }

    /**
     * The probe of 8 Dec: a member named with one 64-letter word (names may be that long) pushed the
     * group's thread wider than a 390 px phone, through the sender's line, the "added" line, a quote
     * of them and the members list. Each now wraps.
     */
    @Test
    void aLongOneWordNameWrapsInTheThreadAndTheMembersListOnAPhone() {
        Api.Person ann = WEB.api().signUp("ann_long");
        Api.Person wes = WEB.api().signUp("wes_long");
        WEB.api().befriend(ann, wes);
        WEB.api().patch("/api/v1/me", wes.token(), Map.of("display_name", "W".repeat(64))).expect(200);
        String group = WEB.api().post("/api/v1/conversations", ann.token(),
                Map.of("member_ids", List.of(wes.id()), "title", "Long names")).expect(201).body().get("id").asText();
        String said = WEB.api().send(wes, group, "Hello from a long name").expect(201).body().get("id").asText();
        WEB.api().post("/api/v1/conversations/" + group + "/messages", ann.token(),
                Map.of("client_id", "reply-long", "text", "Hi!", "reply_to", said)).expect(201);

        Browser a = WEB.browser("ann-long");
        a.resize(390, 844);
        a.signIn("ann_long");
        a.click("#conv-list .conv-item");
        a.message("Hello from a long name");
        a.message("Hi!");
        assertThat(a.js("return [...document.querySelectorAll('.conv *')].every((e) => e.getBoundingClientRect().right <= innerWidth + 1)"))
                .as("nothing in the thread reaches past the screen's right edge").isEqualTo(true);
        a.screenshot("group-long-name-01-thread");
        a.go("#/c/" + group + "/members");
        a.waitText(".members", "@wes_long");
        assertThat(a.js("return [...document.querySelectorAll('.members *')].every((e) => e.getBoundingClientRect().right <= innerWidth + 1)"))
                .as("nothing in the members list reaches past the screen's right edge").isEqualTo(true);
    }
}
