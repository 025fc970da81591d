package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/**
 * The edit and unsend windows as a person meets them in a thread they left open: the menu of one's
 * own message offers Edit and Unsend only while the windows are open at the moment it opens, not
 * at the moment the message was drawn (the probe of 8 Dec: a thread open past the windows still
 * offered both, and each then only answered "It's too late").
 */
@Tag("sqlite-only")
@ExtendWith(ScreenshotsOnFailure.class)
class MessageWindowsBrowserTest {
    @RegisterExtension
    static final WebNode WEB = WebNode.with(Map.of("rules.edit_window", "3s", "rules.unsend_window", "5s"));

    @Test
    void aMenuOpenedAfterTheWindowsOffersNeitherEditNorUnsend() throws InterruptedException {
        Api api = WEB.api();
        Person ann = api.signUp("ann_windows");
        Person bob = api.signUp("bob_windows");
        api.befriend(ann, bob);
        String dm = api.open(ann, bob);
        api.send(bob, dm, "Lunch?").expect(201);

        Browser a = WEB.browser("ann-windows");
        a.resize(390, 844);
        a.signIn("ann_windows");
        a.click("#conv-list .conv-item");
        a.message("Lunch?");
        a.send("Yes, at one");
        a.message("Yes, at one");
        a.openMessageMenu("Yes, at one");
        assertThat(rows(a)).containsExactly("Reply", "Edit", "Copy text", "Unsend");
        new Actions(a.driver).sendKeys(Keys.ESCAPE).perform();
        a.waitGone("#msg-menu");

        Thread.sleep(3_500); // past the edit window, inside the unsend window; nothing in the thread changed
        a.openMessageMenu("Yes, at one");
        assertThat(rows(a)).containsExactly("Reply", "Copy text", "Unsend");
        new Actions(a.driver).sendKeys(Keys.ESCAPE).perform();
        a.waitGone("#msg-menu");

        Thread.sleep(2_000); // past both
        a.openMessageMenu("Yes, at one");
        assertThat(rows(a)).containsExactly("Reply", "Copy text");
    }

    private static List<String> rows(Browser b) {
        b.waitVisible("#msg-menu");
        return b.driver.findElements(By.cssSelector("#msg-menu button.menu-row")).stream().map(e -> e.getText()).toList();
    }
}
