package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.Select;

/**
 * Two agents answer a business's customers from the shared inbox: the owner makes the page and
 * invites a teammate, who joins from his home screen; triage puts the complaint first, the owner takes it, leaves an internal note
 * and answers; the teammate answers the other customer with a saved reply that uses her name.
 */
@Tag("sqlite-only")
@ExtendWith(ScreenshotsOnFailure.class)
class InboxBrowserTest {
    @RegisterExtension
    static final WebNode WEB = WebNode.with(Map.of());

    @Test
    void twoAgentsAnswerCustomersFromTheSharedInbox() {
        Api api = WEB.api();
        Browser ann = WEB.browser("ann");
        Browser ben = WEB.browser("ben");
        ann.signUp("ann", "Ann Lee");
        ben.signUp("ben", "Ben Ode");

        // Ann makes the business page, answers as it, and adds Ben to the team.
        ann.clickText("a", "Settings");
        ann.type("#biz-handle", "acme");
        ann.type("#biz-name", "Acme Outdoor");
        ann.clickText("button", "Create business page");
        ann.waitText(".business .note", "Acme Outdoor is ready.");
        new Select(ann.waitVisible("#acting")).selectByVisibleText("Acme Outdoor (@acme, business)");
        ann.waitOnline();
        ann.click("a[href='#/team']");
        ann.type("#team-handle", "ben");
        ann.clickText("button", "Invite to team");
        ann.waitText("#team-list li[data-status='invited']", "Ben Ode");
        ann.screenshot("30-inbox-team");

        // Ben sees the invitation on his home screen (live), joins, and answers as the business too.
        ben.waitText("#invitations", "Acme Outdoor");
        ben.screenshot("30-inbox-invitation");
        ben.clickText("#invitations button", "Join Acme Outdoor");
        ben.waitGone("#invitation-list li");
        new Select(ben.waitVisible("#acting")).selectByVisibleText("Acme Outdoor (@acme, business)");
        ben.waitOnline();

        // Two customers write: a question first, then a complaint.
        String acme = api.get("/api/v1/accounts/acme", api.signUp("peek").token()).body().get("id").asText();
        Person lizzie = customer(api, "lizzie", "Elizabeth Bennet", "Lizzie", acme);
        Person carl = customer(api, "carl", "Carl Jones", null, acme);
        String lc = write(api, lizzie, acme, "Do you have the blue daypack in stock?");
        write(api, carl, acme, "My tent came with a snapped pole and nobody answers my emails!");

        // The shared inbox: triage labels both, and the complaint comes first.
        ann.click("#open-inbox");
        ann.waitText("#inbox-list .label-complaint", "complaint");
        ann.waitText("#inbox-list .label-question", "question");
        assertThat(ann.waitVisible("#inbox-list li:first-child").getText()).contains("Carl Jones");
        ann.waitText("#inbox-open .badge", "2");
        ann.screenshot("31-inbox-complaint-first");

        // Ann takes the complaint, leaves a note for the team, and answers.
        ann.clickText("#inbox-list a", "Carl Jones");
        ann.message("My tent came with a snapped pole and nobody answers my emails!");
        ann.waitText(".inbox-panel .customer", "call them Carl");
        new Select(ann.waitVisible("#inbox-assignee-pick")).selectByVisibleText("Ann Lee (online)");
        ann.type("#note-text", "Send a replacement pole, no return needed.");
        ann.clickText("button", "Add note");
        ann.waitText(".messages .thread-note", "Send a replacement pole, no return needed.");
        ann.send("So sorry, Carl! A new pole is on its way today.");
        ann.messageShowing("So sorry, Carl! A new pole is on its way today.", "by Ann Lee");
        ann.screenshot("32-inbox-conversation-with-note");

        // Ann saves a reply that greets the customer by name.
        ann.click("a[href='#/saved-replies']");
        ann.type("#sr-shortcut", "stock");
        ann.type("#sr-title", "In stock");
        // The name goes in with a button, not typed by hand; then she edits the reply to sign it.
        ann.type("#sr-body", "Hi ");
        ann.clickText("button", "Insert customer's first name");
        ann.type("#sr-body", ", yes, it is in stock!");
        ann.clickText("button", "Save reply");
        ann.waitText("#saved-list", "/stock");
        ann.waitText("#saved-list", "Hi {{customer.first_name | default: \"there\"}}, yes, it is in stock!");
        ann.clickText("button", "Edit /stock");
        ann.waitText("#sr-form-heading", "Edit /stock");
        ann.type("#sr-body", " ");
        ann.clickText("button", "Insert your first name");
        ann.type("#sr-body", " at ");
        ann.clickText("button", "Insert business name");
        ann.screenshot("31a-saved-reply-edited-with-insert-buttons");
        ann.clickText("button", "Save changes");
        ann.waitText("#saved-list", "in stock! {{agent.first_name}} at {{business.name}}");
        ann.waitText("#sr-form-heading", "New saved reply");
        assertThat(ann.js("return document.querySelectorAll('#saved-list li').length")).as("edited, not added")
                .isEqualTo(1L);

        // Ben answers Lizzie with it: "/" and the shortcut, a preview with her name, Enter sends.
        ben.click("#open-inbox");
        ben.clickText("#inbox-list a", "Elizabeth Bennet");
        ben.message("Do you have the blue daypack in stock?");
        ben.type("#compose", "/st");
        ben.waitText("#reply-picker", "/stock");
        ben.type("#compose", Keys.ENTER);
        ben.waitText("#reply-preview-text", "Hi Lizzie, yes, it is in stock! Ben at Acme Outdoor");
        ben.screenshot("33-inbox-saved-reply-preview");
        ben.type("#compose", Keys.ENTER);
        ben.messageShowing("Hi Lizzie, yes, it is in stock! Ben at Acme Outdoor", "by Ben Ode");
        ben.screenshot("34-inbox-saved-reply-sent");

        // Lizzie got it from the business, with nothing of Ben.
        JsonNode seen = api.get("/api/v1/conversations/" + lc + "/messages", lizzie.token()).body();
        assertThat(seen.at("/items/1/text").asText()).isEqualTo("Hi Lizzie, yes, it is in stock! Ben at Acme Outdoor");
        assertThat(seen.at("/items/1/sender_id").asText()).isEqualTo(acme);
        assertThat(seen.toString()).doesNotContain("agent_").doesNotContain("Ben Ode");
        // Ann's inbox shows Ben's reply as the last message, live.
        ann.click("#open-inbox");
        ann.waitText("#inbox-list", "Hi Lizzie, yes, it is in stock!");
        ann.screenshot("35-inbox-after-both-answered");

        // A spammer writes; Ann marks it spam, which keeps it out of the response figures.
        Person spammer = customer(api, "spammer", "Cheap Followers", null, acme);
        write(api, spammer, acme, "Buy 10,000 followers now, cheap!!!");
        ann.clickText("#inbox-list a", "Cheap Followers");
        ann.message("Buy 10,000 followers now, cheap!!!");
        ann.click("[data-fk='label-spam']");
        ann.waitVisible("[data-fk='label-spam'][aria-pressed='true']");
        ann.click("#open-inbox");
        ann.waitText("#inbox-list .label-spam", "spam");
        ann.screenshot("36-inbox-marked-spam");

        // Ann snoozes it for an hour: it leaves the open view for the Snoozed tab until then.
        ann.clickText("#inbox-list a", "Cheap Followers");
        new Select(ann.waitVisible("#inbox-snooze")).selectByVisibleText("For an hour");
        ann.waitText("#inbox-snoozed-until", "Snoozed until");
        ann.screenshot("37-inbox-snoozed");
        ann.click("#open-inbox");
        ann.waitText("#inbox-snoozed .badge", "1");
        ann.waitNoText("#inbox-list", "Cheap Followers");
        ann.click("#inbox-snoozed");
        ann.waitText("#inbox-list", "Cheap Followers");
    }

    /**
     * On a phone the conversation list is the home screen and the pane is hidden: the invitation
     * must show above the list there (it was only in the pane, so an invited agent could not join).
     */
    @Test
    void anAgentOnAPhoneSeesTheInvitationAboveTheListAndJoins() {
        Api api = WEB.api();
        Person owner = api.signUp("pia");
        Person agent = api.signUp("quin");
        String shop = api.post("/api/v1/businesses", owner.token(), Map.of("handle", "kiosk", "display_name", "Kiosk Corner"))
                .expect(201).body().at("/business/id").asText();
        api.post("/api/v1/businesses/" + shop + "/agents", owner.token(), Map.of("account_id", agent.id(), "role", "agent"))
                .expect(201);
        Browser quin = WEB.browser("quin");
        quin.resize(390, 844);
        quin.signIn("quin");
        quin.waitText("#invitations", "Kiosk Corner");
        assertThat(quin.waitVisible("#conv-list").isDisplayed()).as("still the home screen: the list").isTrue();
        quin.screenshot("38-inbox-invitation-phone");
        quin.clickText("#invitations button", "Join Kiosk Corner");
        quin.waitGone("#invitations");
        // Joined: the business is offered in the "Acting as" switcher.
        quin.wait.until(d -> Boolean.TRUE.equals(quin.js(
                "return [...document.querySelectorAll('#acting option')].some((o) => o.text.includes('Kiosk Corner'))")));
    }

    /** A 64-character assignee name is cut with an ellipsis; the customer's name and message stay readable on a phone. */
    @Test
    void aLongAssigneeNameLeavesTheCustomersNameAndMessageOnAPhone() {
        Api api = WEB.api();
        Person owner = api.signUp("rhea");
        String longName = "Alexandria Bartholomew-Wonderland von Habsburg-Lothringen the Th";
        api.patch("/api/v1/me", owner.token(), Map.of("display_name", longName)).expect(200);
        String shop = api.post("/api/v1/businesses", owner.token(), Map.of("handle", "longshop", "display_name", "Long Shop"))
                .expect(201).body().at("/business/id").asText();
        Person sam = customer(api, "sam", "Sam Carter", null, shop);
        String c = write(api, sam, shop, "Do you ship to Lisbon?");
        // The node takes the message into the inbox in the background; assigning waits for that.
        dev.parley.testing.Eventually.await("the assignment", java.time.Duration.ofSeconds(60),
                () -> api.put("/api/v1/businesses/" + shop + "/conversations/" + c + "/assignee", owner.token(),
                        Map.of("assignee_id", owner.id())).status() == 200);

        Browser rhea = WEB.browser("rhea");
        rhea.resize(390, 844);
        rhea.signIn("rhea");
        new Select(rhea.waitVisible("#acting")).selectByVisibleText("Long Shop (@longshop, business)");
        rhea.waitOnline();
        rhea.click("#open-inbox");
        rhea.waitText("#inbox-list .assignee", "Alexandria");
        rhea.screenshot("39-inbox-long-assignee-phone");
        assertThat(width(rhea, "#inbox-list .conv-name")).as("the customer's name").isGreaterThan(120);
        assertThat(width(rhea, "#inbox-list .conv-preview")).as("the message").isGreaterThan(120);
        assertThat(rhea.js("const a = document.querySelector('#inbox-list .assignee');"
                + " return getComputedStyle(a).textOverflow === 'ellipsis' && a.scrollWidth > a.clientWidth")).isEqualTo(true);
        assertThat(rhea.js("return document.documentElement.scrollWidth <= innerWidth")).as("no sideways scroll").isEqualTo(true);
    }

    private static double width(Browser b, String css) {
        return ((Number) b.js("return document.querySelector(arguments[0]).getBoundingClientRect().width", css)).doubleValue();
    }

    private static Person customer(Api api, String handle, String displayName, String preferred, String business) {
        Person p = api.signUp(handle);
        api.patch("/api/v1/me", p.token(), preferred == null ? Map.of("display_name", displayName)
                : Map.of("display_name", displayName, "preferred_name", preferred)).expect(200);
        api.put("/api/v1/accounts/" + business + "/like", p.token()).expect(200);
        return p;
    }

    private static String write(Api api, Person customer, String business, String text) {
        String c = api.open(customer, new Person(business, null, null));
        api.send(customer, c, text).expect(201);
        return c;
    }
}
