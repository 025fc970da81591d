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
 * A report reaches the queue page; the moderator removes the message there with a reason; the
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
        String id = api.send(bob, dm, "you are awful").expect(201).body().get("id").asText();
        api.post("/api/v1/reports", ann.token(), Map.of("target", Map.of("kind", "message", "id", id),
                "category", "harassment", "note", "he keeps at it")).expect(201);

        Browser reporter = WEB.browser("moderation-reporter");
        reporter.signIn("mbann");
        reporter.click("#conv-list .conv-item");
        reporter.message("you are awful");
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
    }
}
