package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
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

/**
 * Issue 21, points 2 and 6: any emoji as a reaction or in a message, from a searchable picker that
 * remembers what was used, and who reacted on hover; block and unsend asked first in a dialog, the
 * blocker told "You blocked @…" with the way back, refusals in a person's words, and a new
 * conversation that exists only once its first message is sent.
 */
@Tag("sqlite-only")
@ExtendWith(ScreenshotsOnFailure.class)
class ReactionsAndWordsBrowserTest {
    @RegisterExtension
    static final WebNode WEB = WebNode.with(Map.of());

    private static String chipTitle(Browser b, String emoji) {
        WebElement chip = b.waitVisible(".msg .chip[data-emoji='" + emoji + "']");
        new Actions(b.driver).moveToElement(chip).perform();
        return chip.getAttribute("title");
    }

    @Test
    void anyEmojiFromThePickerReactsAndWritesAndEveryoneSeesWhoReacted() {
        Api.Person carol = WEB.api().signUp("carol_em");
        Api.Person dave = WEB.api().signUp("dave_em");
        WEB.api().follow(carol, dave);
        WEB.api().follow(dave, carol);
        String dm = WEB.api().open(dave, carol);
        WEB.api().send(dave, dm, "Lunch at noon tomorrow?").expect(201);
        Browser c = WEB.browser("carol");
        c.resize(1366, 800);
        Browser d = WEB.browser("dave");
        c.signIn("carol_em");
        d.signIn("dave_em");
        c.click("#conv-list .conv-item");
        d.click("#conv-list .conv-item");

        // Beyond the six quick ones: the picker, searched by name, Enter takes the first match.
        c.messageAction("Lunch at noon tomorrow?", "More reactions");
        c.type("#emoji-search", "parrot");
        c.waitVisible(".emoji-picker .emoji-choice[data-emoji='🦜']");
        c.screenshot("24-emoji-picker-search");
        c.type("#emoji-search", Keys.ENTER);
        c.waitGone(".emoji-picker");
        d.waitText(".msg .chip", "🦜 1");

        // Who reacted shows on hover, for both; Dave adds his by clicking the chip.
        d.wait.until(x -> String.valueOf(chipTitle(d, "🦜")).equals("Carol_em reacted 🦜"));
        d.click(".msg .chip[data-emoji='🦜']");
        c.waitText(".msg .chip", "🦜 2");
        c.wait.until(x -> String.valueOf(chipTitle(c, "🦜")).equals("You, Dave_em reacted 🦜"));

        // The composer's picker puts an emoji where the caret is; what was used comes first next time.
        c.type("#compose", "Pizza? ");
        c.click(".composer .emoji-button");
        c.waitVisible(".emoji-section[aria-label='Recently used'] .emoji-choice[data-emoji='🦜']");
        c.type("#emoji-search", "pizza", Keys.ENTER);
        c.waitGone(".emoji-picker");
        assertThat(c.focused("#compose")).isTrue();
        c.type("#compose", Keys.ENTER);
        d.message("Pizza? 🍕");

        c.resize(390, 844);
        c.click(".composer .emoji-button");
        WebElement picker = c.waitVisible(".emoji-picker");
        assertThat(picker.getRect().getX()).isGreaterThanOrEqualTo(0);
        assertThat(picker.getRect().getX() + picker.getRect().getWidth()).isLessThanOrEqualTo(390);
        c.screenshot("25-emoji-picker-phone");
        c.type("#emoji-search", Keys.ESCAPE);
        c.waitGone(".emoji-picker");
        assertThat(c.focused("#compose")).as("the focus goes back").isTrue();
    }

    /** An 11th different emoji on one message is refused (422 too_many_reactions): the reader is told the rule. */
    @Test
    void anEleventhDifferentReactionIsRefusedInASentence() {
        Api api = WEB.api();
        Api.Person eva = api.signUp("eva_rx");
        Api.Person fin = api.signUp("fin_rx");
        api.befriend(eva, fin);
        String dm = api.open(fin, eva);
        String message = api.send(fin, dm, "Ten reactions so far").expect(201).body().get("id").asText();
        for (String emoji : List.of("🦜", "🍕", "🎉", "🔥", "👀", "🌟", "🍀", "🎈", "🚀", "🌈")) {
            api.put("/api/v1/messages/" + message + "/reactions/"
                    + java.net.URLEncoder.encode(emoji, java.nio.charset.StandardCharsets.UTF_8), eva.token()).expect(200);
        }
        Browser e = WEB.browser("eva");
        e.signIn("eva_rx");
        e.go("#/c/" + dm);
        e.waitText(".msg .chip", "🌈 1");
        e.messageAction("Ten reactions so far", "React 👍");
        e.waitText(".conv > .error", "You can add up to 10 different reactions to one message.");
        assertThat(e.driver.findElements(By.cssSelector(".msg .chip[data-emoji='👍']"))).isEmpty();
    }

    @Test
    void blockAsksFirstTheBlockerIsToldSoAndANewConversationWaitsForItsFirstMessage() {
        Api.Person erin = WEB.api().signUp("erin_em");
        WEB.api().signUp("fred_em");
        Browser e = WEB.browser("erin");
        e.resize(1366, 800);

        // An API-style refusal reads as advice.
        e.clickText("button", "Create an account");
        e.type("#auth-handle", "someone_new");
        e.type("#auth-name", "Someone");
        e.type("#auth-password", "short1");
        e.clickText("button", "Create account");
        e.waitText(".error", "Use at least 12 characters.");
        assertThat(e.bodyText()).doesNotContain("Field 'password'");
        e.clickText("button", "I already have an account");
        e.clear("#auth-handle");
        e.clear("#auth-password");
        e.signIn("erin_em");

        // "New message", then walking away: nothing is created.
        e.clickText("a", "New message");
        e.type("#find-handle", "fred_em", Keys.ENTER);
        e.clickText("button", "Message");
        e.waitText("#conv-title", "Fred_em");
        e.waitVisible(".draft-hint");
        assertThat(e.focused("#compose")).isTrue();
        e.go("#/");
        e.waitVisible(".welcome");
        assertThat(WEB.api().get("/api/v1/conversations", erin.token()).expect(200).body().get("items").size()).isZero();

        // The first message creates it.
        e.go("#/p/fred_em");
        e.clickText("button", "Message");
        e.send("Hi Fred, are you coming on Sunday?");
        e.message("Hi Fred, are you coming on Sunday?");
        JsonNode items = WEB.api().get("/api/v1/conversations", erin.token()).expect(200).body().get("items");
        assertThat(items.size()).isEqualTo(1);
        String dm = items.get(0).get("id").asText();

        // Block asks first; cancelling leaves things as they were.
        e.go("#/p/fred_em");
        e.clickText(".profile button", "Block");
        e.waitText("#confirm-title", "Block Fred_em?");
        e.screenshot("26-block-confirmation");
        e.click("#confirm-no");
        e.waitGone("dialog.confirm");
        assertThat(e.attr("button[data-fk='edge-block']", "aria-pressed")).isEqualTo("false");
        e.clickText(".profile button", "Block");
        e.click("#confirm-yes");
        e.waitText("#dm-permission", "You blocked @fred_em.");
        e.waitText("button[data-fk='edge-block']", "Unblock");

        // In the conversation: the blocker's words and the way back, instead of a composer that fails.
        e.go("#/c/" + dm);
        e.waitText("#blocked-bar", "You blocked @fred_em.");
        assertThat(e.driver.findElement(By.id("compose")).isDisplayed()).isFalse();
        e.resize(390, 844);
        e.screenshot("27-you-blocked-phone");
        e.clickText("#blocked-bar button", "Unblock @fred_em");
        e.waitVisible("#compose");
        e.waitGone("#blocked-bar");
        assertThat(e.focused("#compose")).isTrue();
    }
}
