package dev.parley.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.account.JdbcAccountStore;
import dev.parley.config.Keys;
import dev.parley.config.Settings;
import dev.parley.media.Media;
import dev.parley.media.Samples;
import dev.parley.testing.Api;
import dev.parley.testing.Eventually;
import dev.parley.testing.Api.Person;
import dev.parley.testing.NodeFixture;
import dev.parley.testing.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What each moderator's action does, as the moderated account, the other member and the reporter see it. */
class ModerationActionsTest {
    static final String PASSWORD = "correct horse battery";
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static final Api api = NODE.api();
    static int n;

    record Pair(Person ann, Person bob, Person mod, String dm) {}

    /** Ann and Bob in a DM, and a moderator named by an administrator (not an administrator itself). */
    static Pair pair(String tag) {
        n++;
        Person ann = api.signUp(tag + "a" + n);
        Person bob = api.signUp(tag + "b" + n);
        Person root = api.signUp(tag + "r" + n);
        new JdbcAccountStore(NODE.node().node().database(), Clock.systemUTC()).setAdmin(root.id(), true);
        Person mod = api.signUp(tag + "m" + n);
        api.put("/api/v1/admin/moderators/" + mod.id(), root.token()).expect(204);
        api.setDmPolicy(ann, "everyone");
        api.setDmPolicy(bob, "everyone");
        return new Pair(ann, bob, mod, api.open(bob, ann));
    }

    static Api.Res act(Person mod, String action, String kind, String id, String reason, String until) {
        Map<String, Object> body = new HashMap<>();
        body.put("action", action);
        body.put("target", Map.of("kind", kind, "id", id));
        if (reason != null) {
            body.put("reason", reason);
        }
        if (until != null) {
            body.put("until", until);
        }
        return api.post("/api/v1/moderation/actions", mod.token(), body);
    }

    static String reportMessage(Person who, String messageId) {
        return api.post("/api/v1/reports", who.token(), Map.of("target", Map.of("kind", "message", "id", messageId),
                "category", "harassment")).expect(201).body().get("id").asText();
    }

    static JsonNode notices(Person p) {
        return api.get("/api/v1/me/moderation", p.token()).expect(200).body();
    }

    static String inAnHour() {
        return Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    @Test
    void removingAMessageRemovesItForEveryoneTellsTheAuthorAndTheReporterLearnsOnlyReviewed() {
        Pair p = pair("mrm");
        String id = api.send(p.bob(), p.dm(), "you are awful").expect(201).body().get("id").asText();
        String report = reportMessage(p.ann(), id);
        try (Socket annSocket = Socket.open(NODE.node(), p.ann().token())) {
            Api.Res noReason = act(p.mod(), "remove_message", "message", id, null, null);
            assertThat(noReason.status()).isEqualTo(422);
            assertThat(noReason.code()).isEqualTo("validation_failed");
            assertThat(api.get("/api/v1/messages/" + id, p.ann().token()).body().get("text").asText())
                    .as("nothing done without a reason").isEqualTo("you are awful");

            act(p.mod(), "remove_message", "message", id, "insults", null).expect(200);

            JsonNode deleted = annSocket.awaitEvent("message.deleted");
            assertThat(deleted.at("/event/data/message/removed_by").asText()).isEqualTo("moderation");
        }
        for (Person viewer : List.of(p.ann(), p.bob())) {
            JsonNode m = api.get("/api/v1/messages/" + id, viewer.token()).expect(200).body();
            assertThat(m.get("deleted").asBoolean()).isTrue();
            assertThat(m.get("text").asText()).isEmpty();
            assertThat(m.get("removed_by").asText()).isEqualTo("moderation");
            JsonNode history = api.get("/api/v1/conversations/" + p.dm() + "/messages", viewer.token()).expect(200)
                    .body().get("items");
            assertThat(history.get(history.size() - 1).get("removed_by").asText()).isEqualTo("moderation");
        }
        // A message its sender unsent is only deleted, not "removed by moderation".
        String mine = api.send(p.bob(), p.dm(), "oops").expect(201).body().get("id").asText();
        api.delete("/api/v1/messages/" + mine, p.bob().token()).expect(200);
        assertThat(api.get("/api/v1/messages/" + mine, p.ann().token()).body().has("removed_by")).isFalse();
        JsonNode told = notices(p.bob()).get("notices").get(0);
        assertThat(told.get("action").asText()).isEqualTo("remove_message");
        assertThat(told.get("reason").asText()).isEqualTo("insults");
        assertThat(told.get("message_id").asText()).isEqualTo(id);
        JsonNode status = api.get("/api/v1/reports/" + report, p.ann().token()).expect(200).body();
        assertThat(status.get("status").asText()).isEqualTo("reviewed");
        assertThat(status.toString()).doesNotContain("remove_message").doesNotContain("insults");
        assertThat(notices(p.ann()).get("notices")).isEmpty();
    }

    @Test
    void aMessageRemovedByModerationTakesItsAttachmentWithIt() throws Exception {
        Pair p = pair("mra");
        Media media = new Media(api);
        String photo = media.upload(p.bob().token(), "awful.png", Samples.png(500, 300), "image/png").expect(201).id();
        JsonNode sent = api.post("/api/v1/conversations/" + p.dm() + "/messages", p.bob().token(),
                Map.of("client_id", "mra" + n, "text", "look", "attachments", List.of(photo))).expect(201).body();
        String signed = sent.at("/attachments/0/url").asText();
        Eventually.await("thumbnails stored", Duration.ofSeconds(30), () -> Media.onDisk(NODE.node().dataDir()).contains(photo + ".large"));
        assertThat(media.fetch("/api/v1/media/" + photo, p.ann().token()).statusCode()).isEqualTo(200);

        act(p.mod(), "remove_message", "message", sent.get("id").asText(), "gore", null).expect(200);

        for (Person viewer : List.of(p.ann(), p.bob())) {
            assertThat(media.fetch("/api/v1/media/" + photo, viewer.token()).statusCode()).isEqualTo(404);
        }
        assertThat(media.fetch(signed, null).statusCode()).isEqualTo(404);
        assertThat(Media.onDisk(NODE.node().dataDir())).doesNotContain(photo, photo + ".small", photo + ".large");
        assertThat(api.get("/api/v1/messages/" + sent.get("id").asText(), p.ann().token()).body().has("attachments"))
                .isFalse();
    }

    /** Editing puts new text before the others as a send does: an earlier message was once a way round. */
    @Test
    void aRestrictedAccountCannotRewriteAnEarlierMessageEither() {
        Pair p = pair("mre");
        String old = api.send(p.bob(), p.dm(), "hello there").expect(201).body().get("id").asText();
        act(p.mod(), "restrict", "account", p.bob().id(), "spamming people", inAnHour()).expect(200);

        Api.Res edit = api.patch("/api/v1/messages/" + old, p.bob().token(), Map.of("text", "buy followers now"));
        assertThat(edit.status()).isEqualTo(403);
        assertThat(edit.code()).isEqualTo("account_restricted");
        assertThat(api.get("/api/v1/messages/" + old, p.ann().token()).body().get("text").asText())
                .isEqualTo("hello there");

        act(p.mod(), "lift", "account", p.bob().id(), "appeal accepted", null).expect(200);
        api.patch("/api/v1/messages/" + old, p.bob().token(), Map.of("text", "hello again")).expect(200);
    }

    /** A group's title reaches its members as a message does: no new group and no rename while restricted. */
    @Test
    void aRestrictedAccountNamesNoGroup() {
        Pair p = pair("mrg");
        List<String> others = List.of(p.ann().id(), p.mod().id());
        String group = api.post("/api/v1/conversations", p.bob().token(), Map.of("member_ids", others, "title", "Team"))
                .expect(201).body().get("id").asText();
        act(p.mod(), "restrict", "account", p.bob().id(), "spamming people", inAnHour()).expect(200);

        Api.Res opened = api.post("/api/v1/conversations", p.bob().token(),
                Map.of("member_ids", others, "title", "buy followers now"));
        assertThat(opened.status()).isEqualTo(403);
        assertThat(opened.code()).isEqualTo("account_restricted");
        Api.Res renamed = api.patch("/api/v1/conversations/" + group, p.bob().token(), Map.of("title", "buy followers"));
        assertThat(renamed.code()).isEqualTo("account_restricted");
        assertThat(api.get("/api/v1/conversations/" + group, p.ann().token()).body().get("title").asText()).isEqualTo("Team");
        api.patch("/api/v1/conversations/" + group, p.bob().token(), Map.of("muted", true)).expect(200); // his own view
        api.post("/api/v1/conversations", p.bob().token(), Map.of("member_ids", List.of(p.ann().id()))).expect(200);

        act(p.mod(), "lift", "account", p.bob().id(), "appeal accepted", null).expect(200);
        api.patch("/api/v1/conversations/" + group, p.bob().token(), Map.of("title", "Team 2")).expect(200);
    }

    @Test
    void aRestrictedAccountCannotSendUntilLiftedAndIsToldUntilWhen() {
        Pair p = pair("mrs");
        String until = inAnHour();
        Api.Res noUntil = act(p.mod(), "restrict", "account", p.bob().id(), "spam", null);
        assertThat(noUntil.status()).isEqualTo(422);
        // Bob has just sent, so the node has read that he may: the restriction still holds at once.
        api.send(p.bob(), p.dm(), "buy my stuff").expect(201);
        act(p.mod(), "restrict", "account", p.bob().id(), "spamming people", until).expect(200);

        Api.Res refused = api.send(p.bob(), p.dm(), "more spam");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("account_restricted");
        assertThat(refused.body().get("restricted_until").asText()).isEqualTo(until);
        assertThat(notices(p.bob()).get("restricted_until").asText()).isEqualTo(until);
        assertThat(notices(p.bob()).at("/notices/0/until").asText()).isEqualTo(until);
        assertThat(notices(p.bob()).at("/notices/0/reason").asText()).isEqualTo("spamming people");
        // The other member is not affected.
        api.send(p.ann(), p.dm(), "I can still write").expect(201);

        act(p.mod(), "lift", "account", "@" + p.bob().handle(), "appeal accepted", null).expect(200);
        api.send(p.bob(), p.dm(), "sorry").expect(201);
    }

    @Test
    void suspendingClosesTheSocketsAndEndsSignInUntilLifted() {
        Pair p = pair("msu");
        try (Socket bobSocket = Socket.open(NODE.node(), p.bob().token())) {
            api.send(p.ann(), p.dm(), "hi").expect(201);
            bobSocket.awaitEvent("message.created");
            act(p.mod(), "suspend", "account", p.bob().id(), "threats", null).expect(200);
            assertThat(bobSocket.awaitClose(Duration.ofSeconds(3))).isEqualTo(4401);
        }
        assertThat(api.get("/api/v1/me", p.bob().token()).status()).isEqualTo(401);
        Api.Res signIn = api.post("/api/v1/sessions", null, Map.of("handle", p.bob().handle(), "password", PASSWORD));
        assertThat(signIn.status()).isEqualTo(403);
        assertThat(signIn.code()).isEqualTo("suspended");
        // The other member can no longer reach the suspended account by opening a conversation with it.
        assertThat(api.post("/api/v1/conversations", p.ann().token(), Map.of("member_ids", List.of(p.bob().id())))
                .status()).isEqualTo(404);

        act(p.mod(), "lift", "account", p.bob().id(), "mistake", null).expect(200);
        String token = api.post("/api/v1/sessions", null, Map.of("handle", p.bob().handle(), "password", PASSWORD))
                .expect(201).body().get("token").asText();
        JsonNode told = api.get("/api/v1/me/moderation", token).expect(200).body().get("notices");
        assertThat(told.get(1).get("action").asText()).isEqualTo("suspend");
        assertThat(told.get(1).get("reason").asText()).isEqualTo("threats");
        assertThat(told.get(1).get("until").isNull()).as("for ever").isTrue();
    }

    @Test
    void aSuspensionForATimeIsTheSameStateAsTheAdminCommands() throws Exception {
        Pair p = pair("mst");
        String until = inAnHour();
        act(p.mod(), "suspend", "account", p.bob().id(), "cool off", until).expect(200);
        Api.Res refused = api.post("/api/v1/sessions", null, Map.of("handle", p.bob().handle(), "password", PASSWORD));
        assertThat(refused.code()).isEqualTo("suspended");
        assertThat(refused.body().get("suspended_until").asText()).isEqualTo(until);
        act(p.mod(), "lift", "account", p.bob().id(), "done", null).expect(200);
        api.post("/api/v1/sessions", null, Map.of("handle", p.bob().handle(), "password", PASSWORD)).expect(201);

        // admin suspend --until sets the same state, and a moderator's lift ends it.
        Path conf = Files.createTempFile("parley", ".conf");
        Settings settings = NODE.node().node().settings();
        Files.writeString(conf, "data_dir=" + settings.get(Keys.DATA_DIR) + "\n"
                + "database_url=" + settings.get(Keys.DATABASE_URL) + "\n");
        assertThat(new picocli.CommandLine(new dev.parley.Main()).execute("admin", "suspend", p.bob().handle(),
                "--until", inAnHour(), "--config", conf.toString())).isZero();
        assertThat(api.post("/api/v1/sessions", null, Map.of("handle", p.bob().handle(), "password", PASSWORD))
                .code()).isEqualTo("suspended");
        act(p.mod(), "lift", "account", p.bob().id(), "served", null).expect(200);
        api.post("/api/v1/sessions", null, Map.of("handle", p.bob().handle(), "password", PASSWORD)).expect(201);
    }

    @Test
    void warnAndDismissAndEveryActionIsInTheAuditLog() {
        Pair p = pair("mwd");
        String id = api.send(p.bob(), p.dm(), "meh").expect(201).body().get("id").asText();
        String report = reportMessage(p.ann(), id);
        act(p.mod(), "dismiss", "report", report, "not a violation", null).expect(200);
        assertThat(api.get("/api/v1/reports/" + report, p.ann().token()).body().get("status").asText())
                .isEqualTo("reviewed");
        assertThat(notices(p.bob()).get("notices")).as("a dismissal tells the reported nothing").isEmpty();
        assertThat(act(p.mod(), "dismiss", "report", "k-unknown", "x", null).status()).isEqualTo(404);
        assertThat(act(p.mod(), "ban_forever", "account", p.bob().id(), "x", null).status()).isEqualTo(422);
        assertThat(act(p.mod(), "restrict", "account", p.bob().id(), "x", "2001-01-01T00:00:00Z").status())
                .isEqualTo(422);

        act(p.mod(), "warn", "account", p.bob().id(), "mind your language", null).expect(200);
        assertThat(notices(p.bob()).at("/notices/0/action").asText()).isEqualTo("warn");

        JsonNode audit = api.get("/api/v1/moderation/audit", p.mod().token()).expect(200).body().get("items");
        JsonNode newest = audit.get(0);
        assertThat(newest.get("action").asText()).isEqualTo("warn");
        assertThat(newest.get("moderator_id").asText()).isEqualTo(p.mod().id());
        assertThat(newest.get("account_id").asText()).isEqualTo(p.bob().id());
        assertThat(newest.get("reason").asText()).isEqualTo("mind your language");
        assertThat(audit.get(1).get("action").asText()).isEqualTo("dismiss");
        assertThat(audit.get(1).get("target_id").asText()).isEqualTo(report);
        // No route edits or deletes the log.
        for (String method : List.of("PUT", "PATCH", "DELETE")) {
            assertThat(api.call(method, "/api/v1/moderation/audit", p.mod().token(), null).status())
                    .isIn(404, 405);
            assertThat(api.call(method, "/api/v1/moderation/audit/" + newest.get("id").asText(), p.mod().token(),
                    null).status()).isIn(404, 405);
        }
    }

    @Test
    void theQueueAndEveryModerationRouteAreUnknownToNonModerators() {
        Pair p = pair("mnm");
        String id = api.send(p.bob(), p.dm(), "x").expect(201).body().get("id").asText();
        reportMessage(p.ann(), id);
        Map<String, Object> body = Map.of("action", "dismiss", "target", Map.of("kind", "account", "id", p.bob().id()),
                "reason", "r");
        List<String[]> routes = List.of(new String[] {"GET", "/api/v1/moderation/reports?status=open"},
                new String[] {"POST", "/api/v1/moderation/actions"}, new String[] {"GET", "/api/v1/moderation/audit"},
                new String[] {"GET", "/api/v1/admin/moderators"}, new String[] {"GET", "/api/v1/admin/filters"},
                new String[] {"GET", "/api/v1/moderation/held"}, new String[] {"GET", "/api/v1/moderation/appeals"},
                new String[] {"PUT", "/api/v1/admin/moderators/" + p.ann().id()},
                new String[] {"DELETE", "/api/v1/admin/moderators/" + p.mod().id()});
        for (String[] route : routes) {
            for (String token : new String[] {p.ann().token(), p.bob().token(), null}) {
                Api.Res r = api.call(route[0], route[1], token, "POST".equals(route[0]) ? body : null);
                // Exactly as a route that does not exist, body and all.
                Api.Res unknown = api.call(route[0], "/api/v1/moderation/zzz", token,
                        "POST".equals(route[0]) ? body : null);
                assertThat(unknown.status()).isEqualTo(404);
                assertThat(r.status()).as(route[0] + " " + route[1]).isEqualTo(404);
                assertThat(r.raw()).as(route[0] + " " + route[1]).isEqualTo(unknown.raw());
                assertThat(r.contentType()).isEqualTo(unknown.contentType());
                assertThat(r.code()).isEqualTo("not_found");
            }
        }
        // A moderator sees the queue, but may not name moderators (administrators do).
        assertThat(api.get("/api/v1/moderation/reports", p.mod().token()).status()).isEqualTo(200);
        assertThat(api.put("/api/v1/admin/moderators/" + p.ann().id(), p.mod().token()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/moderation/reports?status=open", p.ann().token()).raw()).doesNotContain(id);
    }

    @Test
    void theAdminCommandNamesAModerator() throws Exception {
        n++;
        Person eve = api.signUp("mcmd" + n);
        assertThat(api.get("/api/v1/moderation/audit", eve.token()).status()).isEqualTo(404);
        Path conf = Files.createTempFile("parley", ".conf");
        Settings settings = NODE.node().node().settings();
        Files.writeString(conf, "data_dir=" + settings.get(Keys.DATA_DIR) + "\n"
                + "database_url=" + settings.get(Keys.DATABASE_URL) + "\n");
        assertThat(new picocli.CommandLine(new dev.parley.Main()).execute("admin", "moderator", eve.handle(),
                "--config", conf.toString())).isZero();
        assertThat(api.get("/api/v1/moderation/audit", eve.token()).status()).isEqualTo(200);
        assertThat(new picocli.CommandLine(new dev.parley.Main()).execute("admin", "moderator", "--remove",
                eve.handle(), "--config", conf.toString())).isZero();
        assertThat(api.get("/api/v1/moderation/audit", eve.token()).status()).isEqualTo(404);
    }

    @Test
    void aModeratorCannotSuspendRestrictOrShadowBanThemselvesAndAdminUnsuspendLiftsASuspension() throws Exception {
        Pair p = pair("mself");
        Person root = api.signUp("mselfroot" + n);
        new JdbcAccountStore(NODE.node().node().database(), Clock.systemUTC()).setAdmin(root.id(), true);
        for (Person self : List.of(p.mod(), root)) {
            for (String action : List.of("suspend", "shadow_ban", "restrict")) {
                Api.Res refused = act(self, action, "account", self.id(), "oops", inAnHour());
                assertThat(refused.status()).as(action).isEqualTo(422);
                assertThat(refused.code()).as(action).isEqualTo("cannot_act_on_self");
                assertThat(refused.contentType()).startsWith("application/problem+json");
            }
            // By handle too; and nothing was written: still signed in, still a moderator, no notice.
            assertThat(act(self, "suspend", "account", "@" + self.handle(), "oops", null).code())
                    .isEqualTo("cannot_act_on_self");
            api.get("/api/v1/moderation/audit", self.token()).expect(200);
            assertThat(notices(self).get("notices")).isEmpty();
        }

        // A suspension from the command line is lifted from the command line.
        Path conf = Files.createTempFile("parley", ".conf");
        Settings settings = NODE.node().node().settings();
        Files.writeString(conf, "data_dir=" + settings.get(Keys.DATA_DIR) + "\n"
                + "database_url=" + settings.get(Keys.DATABASE_URL) + "\n");
        assertThat(new picocli.CommandLine(new dev.parley.Main()).execute("admin", "suspend", p.bob().handle(),
                "--config", conf.toString())).isZero();
        assertThat(api.post("/api/v1/sessions", null, Map.of("handle", p.bob().handle(), "password", PASSWORD))
                .code()).isEqualTo("suspended");
        assertThat(new picocli.CommandLine(new dev.parley.Main()).execute("admin", "unsuspend", p.bob().handle(),
                "--config", conf.toString())).isZero();
        api.post("/api/v1/sessions", null, Map.of("handle", p.bob().handle(), "password", PASSWORD)).expect(201);
    }
}
