package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.account.JdbcAccountStore;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 19 on the moderation page: the message requests held for review and the open appeals are
 * there beside the reports, and a moderator releases the one and lifts the measure the other
 * answers, with a reason, without leaving the page.
 */
@Tag("sqlite-only")
@ExtendWith(ScreenshotsOnFailure.class)
class ModerationHeldAndAppealsBrowserTest {
    @RegisterExtension
    static final WebNode WEB = WebNode.with(Map.of("rate_limits", "on", "rate.signups_per_hour", "10000",
            "safety.new_account_requests_per_hour", "1000", "safety.declined_requests_per_day", "1"));

    @Test
    void aModeratorReleasesHeldRequestsAndLiftsAnAppealedRestriction() {
        Api api = WEB.api();
        Person mod = api.signUp("mhmod");
        new JdbcAccountStore(WEB.node().node().database(), Clock.systemUTC()).setAdmin(mod.id(), true);

        // A sender whose request was declined once: the next one is held.
        Person pushy = api.signUp("mhpushy");
        Person dee = api.signUp("mhdee");
        Person bea = api.signUp("mhbea");
        String first = open(api, pushy, dee);
        api.send(pushy, first, "hello dee").expect(201);
        api.post("/api/v1/conversations/" + first + "/decline", dee.token(), Map.of()).expect(204);
        String held = open(api, pushy, bea);
        api.send(pushy, held, "please let me in bea").expect(201);
        assertThat(requestIds(api, bea)).doesNotContain(held);

        // A restricted account appeals.
        Person carl = api.signUp("mhcarl");
        api.post("/api/v1/moderation/actions", mod.token(), Map.of("action", "restrict",
                "target", Map.of("kind", "account", "id", carl.id()), "reason", "flooding",
                "until", Instant.now().plus(1, ChronoUnit.DAYS).toString())).expect(200);
        api.post("/api/v1/me/moderation/appeal", carl.token(), Map.of("text", "I was hacked, it was not me")).expect(201);

        Browser moderator = WEB.browser("moderation-held-appeals");
        moderator.signIn("mhmod");
        moderator.go("#/moderation");
        moderator.waitText("#mod-held .mod-held h3", "@mhpushy · 1 held request");
        moderator.waitText("#mod-held .mod-held", "please let me in bea");
        moderator.waitText("#mod-appeals .mod-appeal", "I was hacked, it was not me");
        moderator.waitText("#mod-appeals .mod-appeal", "Answers: restrict until");
        moderator.screenshot("62-moderation-held-and-appeals");

        moderator.click("#mod-held .release-requests");
        moderator.waitText(".moderation .error", "Give a reason first.");
        moderator.type("#mod-held .mod-reason", "looked fine");
        moderator.click("#mod-held .release-requests");
        moderator.waitText("#mod-held", "No held requests.");
        assertThat(requestIds(api, bea)).contains(held);

        moderator.type("#mod-appeals .mod-reason", "account was taken over");
        moderator.click("#mod-appeals .lift-measure");
        moderator.waitText("#mod-appeals", "No open appeals.");
        moderator.screenshot("63-moderation-acted");
        String dm = open(api, carl, mod);
        api.send(carl, dm, "thanks").expect(201); // no longer restricted
        assertThat(api.get("/api/v1/me/moderation", carl.token()).expect(200).body().get("appeal").isNull()).isTrue();
    }

    private static String open(Api api, Person from, Person to) {
        return api.post("/api/v1/conversations", from.token(), Map.of("member_ids", List.of(to.id()))).expect(201)
                .body().get("id").asText();
    }

    private static List<String> requestIds(Api api, Person p) {
        JsonNode items = api.get("/api/v1/conversations?folder=requests", p.token()).expect(200).body().get("items");
        return java.util.stream.StreamSupport.stream(items.spliterator(), false).map(i -> i.get("id").asText()).toList();
    }
}
