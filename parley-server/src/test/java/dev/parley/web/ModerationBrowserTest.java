package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.account.JdbcAccountStore;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A person reports a message from its actions in the web client; the report reaches the queue page; the moderator removes the message there with a reason; the
 * reporter's and the sender's open conversations show it as removed by moderation.
 */
@Tag("sqlite-only")
@ExtendWith(ScreenshotsOnFailure.class)
class ModerationBrowserTest {
    @RegisterExtension
    static final WebNode WEB = WebNode.with(Map.of());

    @Test
    void aModeratorRemovesAReportedMessageFromTheQueuePage() {
        Api api = WEB.api();
        Person ann = api.signUp("mbann");
        Person bob = api.signUp("mbbob");
        Person mod = api.signUp("mbmod");
        new JdbcAccountStore(WEB.node().node().database(), Clock.systemUTC()).setAdmin(mod.id(), true);
        api.setDmPolicy(ann, "everyone");
        String dm = api.open(bob, ann);
        api.send(bob, dm, "hello there").expect(201);
        api.send(bob, dm, "you are awful").expect(201);

        // Ann reports the message from its actions: the dialog says what moderators will see.
        Browser reporter = WEB.browser("moderation-reporter");
        reporter.signIn("mbann");
        reporter.click("#conv-list .conv-item");
        reporter.messageAction("you are awful", "Report");
        reporter.waitVisible("dialog.report-dialog");
        reporter.waitText("#report-shared", "this message and the 10 before it");
        reporter.click("[data-fk='report-send']");
        reporter.waitText("dialog.report-dialog .error", "Choose what is wrong first.");
        reporter.click("dialog.report-dialog input[value='harassment']");
        reporter.type("#report-note", "he keeps at it");
        reporter.screenshot("59-report-dialog");
        reporter.click("[data-fk='report-send']");
        reporter.waitText("dialog.report-dialog", "We will review your report.");
        reporter.click("[data-fk='report-close']");
        reporter.waitGone("dialog.report-dialog");
        assertThat(reporter.bodyText()).doesNotContain("You blocked");
        Browser sender = WEB.browser("moderation-sender");
        sender.signIn("mbbob");
        sender.click("#conv-list .conv-item");
        sender.message("you are awful");

        Browser moderator = WEB.browser("moderation-moderator");
        moderator.signIn("mbmod");
        moderator.go("#/moderation");
        moderator.waitText("#mod-queue .mod-group h3", "Mbbob @mbbob · 1 report · harassment 1");
        moderator.waitText("#mod-queue .mod-report", "he keeps at it");
        moderator.waitText("#mod-queue .snapshot", "hello there");
        moderator.screenshot("60-moderation-queue");
        moderator.click("#mod-queue .remove-message");
        moderator.waitText(".moderation .error", "Give a reason first.");
        moderator.type("#mod-queue .mod-reason", "insults");
        moderator.click("#mod-queue .remove-message");
        moderator.waitText("#mod-queue", "No open reports.");

        reporter.messageShowing("Removed by moderation", "");
        sender.messageShowing("Removed by moderation", "");
        reporter.waitText("#conv-list .conv-item", "Removed by moderation");
        reporter.screenshot("61-removed-by-moderation");
        assertThat(reporter.messageTexts()).doesNotContain("you are awful");
        assertThat(sender.messageTexts()).doesNotContain("you are awful");

        // From Bob's profile Ann reports the account and blocks him in the same step.
        reporter.go("#/p/mbbob");
        reporter.click("[data-fk='report-account']");
        reporter.click("dialog.report-dialog input[value='spam']");
        reporter.click("#report-block");
        reporter.click("[data-fk='report-send']");
        reporter.waitText("dialog.report-dialog", "You blocked Mbbob.");
        reporter.click("[data-fk='report-close']");
        reporter.waitText("[data-fk='edge-block']", "Unblock");
        assertThat(api.get("/api/v1/accounts/mbbob", ann.token()).expect(200).body().get("you_block").asBoolean()).isTrue();
    }
}
