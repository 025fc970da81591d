package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.Select;

/**
 * A business owner makes a page and switches to it; a customer is told to like the page before
 * messaging it, likes it, writes; the owner answers as the business.
 */
@Tag("sqlite-only")
@ExtendWith(ScreenshotsOnFailure.class)
class BusinessBrowserTest {
    @RegisterExtension
    static final WebNode WEB = WebNode.with(Map.of());

    @Test
    void anOwnerAnswersACustomerAsTheBusiness() {
        Browser owner = WEB.browser("owner");
        Browser cat = WEB.browser("cat");
        owner.signUp("ann", "Ann Lee");
        cat.signUp("cat", "Cat Moss");

        owner.clickText("a", "Settings");
        owner.type("#biz-handle", "acme");
        owner.type("#biz-name", "Acme Outdoor");
        owner.clickText("button", "Create business page");
        owner.waitText(".business .note", "Acme Outdoor is ready.");
        new Select(owner.waitVisible("#acting")).selectByVisibleText("Acme Outdoor (@acme, business)");
        owner.waitText(".sidebar h2", "Acme Outdoor's conversations");
        owner.waitText(".welcome h2", "Answering as Acme Outdoor");
        owner.waitOnline();

        // The profile requires a like before messaging a business; the customer is told so first.
        cat.clickText("a", "New message");
        cat.type("#find-handle", "acme", Keys.ENTER);
        cat.waitText("#dm-permission", "Like @acme to message it.");
        cat.wait.until(d -> !d.findElement(By.xpath("//button[text()='Message']")).isEnabled());
        cat.screenshot("16-customer-told-to-like-the-business");
        cat.clickText("button", "Like");
        cat.waitText("#dm-permission", "You can message @acme.");
        cat.clickText("button", "Message");
        cat.send("Do you sell 70 m ropes?");
        cat.message("Do you sell 70 m ropes?");

        owner.waitText("#conv-list .conv-item", "Do you sell 70 m ropes?");
        owner.click("#conv-list .conv-item");
        owner.message("Do you sell 70 m ropes?");
        // The composer says what the business rules make of a draft as it is typed.
        owner.type("#compose", "Flash sale: 30% off all ropes, today only!");
        owner.waitText("#compose-verdict", "Won't send");
        owner.waitText("#compose-verdict", "hasn't opted in");
        owner.screenshot("17a-composer-explains-a-promotion-refusal");
        owner.clear("#compose");
        owner.type("#compose", "Yes, we do");
        owner.waitGone("#compose-verdict");
        owner.clear("#compose");
        owner.send("Yes: 60 m and 70 m, in store and online.");
        cat.message("Yes: 60 m and 70 m, in store and online.");
        cat.waitText("#conv-title", "Acme Outdoor");
        owner.screenshot("17-business-answering");
        // Acting for the business, a person found under New message opens their profile, where outreach
        // starts: a business has no drafts, and the click led to the welcome screen.
        WEB.api().signUp("dan_biz");
        owner.clickText("a", "New message");
        owner.type("#find-handle", "dan_b");
        owner.waitText("#find-results", "@dan_biz");
        owner.click("#find-results .person-row");
        owner.waitText(".profile", "First message from Acme Outdoor");
        assertThat((String) owner.js("return location.hash")).isEqualTo("#/p/dan_biz");

        // Back as herself, Ann's own list holds none of the business's conversations.
        new Select(owner.waitVisible("#acting")).selectByVisibleText("Ann Lee (@ann)");
        owner.waitText(".sidebar h2", "Conversations");
        owner.waitText(".sidebar .empty", "No conversations yet.");
    }

    /**
     * Writing to a business before liking it: the refusal keeps the typed text in the box and
     * offers the Like right there, which likes and sends (the text was thrown away, with no button).
     */
    @Test
    void writingBeforeLikingKeepsTheTextAndOffersTheLikeThere() {
        WEB.api().post("/api/v1/businesses", WEB.api().signUp("bea").token(),
                Map.of("handle", "ropes", "display_name", "Rope Store")).expect(201);
        Browser dee = WEB.browser("dee");
        dee.signUp("dee", "Dee Park");
        dee.go("#/new/ropes");
        dee.waitText("#conv-title", "Rope Store");
        dee.send("Hello! What time do you close today?");
        dee.waitText(".composer .error", "Like @ropes to message it.");
        assertThat(dee.js("return document.getElementById('compose').value")).isEqualTo("Hello! What time do you close today?");
        dee.screenshot("18-refused-send-keeps-text-and-offers-like");

        dee.clickText("#draft-like", "Like Rope Store and send");
        dee.message("Hello! What time do you close today?");
        assertThat(dee.js("return document.getElementById('compose').value")).isEqualTo("");
    }

    /**
     * Switching to the business while the page reconnects (a tab shown again, the network back)
     * caught up on the business's log from the person's token: 410 sync_reset, a console error,
     * then a start over. The business's catch-up starts from its own token.
     */
    @Test
    void switchingToTheBusinessNeverCatchesUpFromThePersonsToken() {
        dev.parley.testing.Api api = WEB.api();
        dev.parley.testing.Api.Person ivy = api.signUp("ivy");
        dev.parley.testing.Api.Person jon = api.signUp("jon");
        api.post("/api/v1/businesses", ivy.token(), Map.of("handle", "ivyshop", "display_name", "Ivy Shop")).expect(201);
        api.befriend(ivy, jon);
        String dm = api.open(jon, ivy);
        for (int i = 1; i <= 10; i++) {
            api.send(jon, dm, "note " + i).expect(201); // the person's log runs ahead of the business's
        }
        Browser b = WEB.browser("ivy");
        b.signIn("ivy");
        b.waitText("#conv-list .conv-item", "note 10");

        b.js("const s = document.getElementById('acting'); s.value = s.options[1].value;"
                + " s.dispatchEvent(new Event('change')); window.dispatchEvent(new Event('online'));");
        b.waitText(".sidebar h2", "Ivy Shop's conversations");
        b.waitOnline();
        assertThat(b.js("return performance.getEntriesByType('resource').filter((e) => e.responseStatus >= 400)"
                + ".map((e) => e.name + ' ' + e.responseStatus).join(' ')")).isEqualTo("");
    }
}
