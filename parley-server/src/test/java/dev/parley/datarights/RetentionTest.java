package dev.parley.datarights;

import static dev.parley.datarights.ErasureTest.adminOf;
import static dev.parley.datarights.ErasureTest.friends;
import static dev.parley.datarights.ErasureTest.suffix;
import static dev.parley.datarights.ErasureTest.syncFromStart;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Eventually;
import dev.parley.testing.MutableClock;
import dev.parley.testing.TestNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Retention (issue 19, point 7) and report retention (point 1), with a clock the test moves: a
 * message past its time is gone, for every member, from history, search and a sync from 0; one
 * still within it stays. Event retention is long here, so what removes old text is the job.
 */
class RetentionTest {
    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static Map<String, String> settings(String... pairs) {
        Map<String, String> m = new java.util.HashMap<>(Map.of("event_retention", "3650d", "retention.every", "1h"));
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static String history(Api api, String conversation, Person viewer) {
        return api.get("/api/v1/conversations/" + conversation + "/messages", viewer.token()).expect(200).raw();
    }

    private static JsonNode search(Api api, String word, Person viewer) {
        return api.get("/api/v1/search/messages?q=" + word, viewer.token()).expect(200).body().get("items");
    }

    @Test
    void messagesOlderThanTheNodesRetentionGoForEveryoneWhileNewerOnesStay() {
        MutableClock clock = new MutableClock(START);
        try (TestNode n = TestNode.start(settings("retention.messages", "30"), clock)) {
            Api api = n.api;
            String s = suffix();
            Person ann = api.signUp("ann_" + s);
            Person bob = api.signUp("bob_" + s);
            friends(api, ann, bob);
            String dm = api.open(ann, bob);
            for (int i = 0; i < 3; i++) {
                api.send(ann, dm, "oldpelican number " + i).expect(201);
            }
            String edited = api.send(bob, dm, "oldpelican answred").expect(201).body().get("id").asText();
            api.patch("/api/v1/messages/" + edited, bob.token(), Map.of("text", "oldpelican answered")).expect(200);
            settled(n, clock);
            clock.advance(Duration.ofDays(20));
            settled(n, clock);
            api.send(ann, dm, "freshotter still here").expect(201);
            assertThat(search(api, "oldpelican", bob)).hasSize(4);

            clock.advance(Duration.ofDays(15)); // the first four are 35 days old, the last 15

            Eventually.await("the old messages deleted", WAIT, () -> !history(api, dm, bob).contains("oldpelican"));
            for (Person p : List.of(ann, bob)) {
                String h = history(api, dm, p);
                assertThat(h).doesNotContain("oldpelican").contains("freshotter still here");
                assertThat(search(api, "oldpelican", p)).isEmpty();
                assertThat(search(api, "freshotter", p)).hasSize(1);
                List<JsonNode> events = Eventually.await("sync stripped", WAIT, () -> syncFromStart(api, p.token()),
                        ev -> ev.stream().noneMatch(e -> e.toString().contains("oldpelican")));
                assertThat(events.stream().filter(e -> e.get("type").asText().equals("message.deleted")).count())
                        .isEqualTo(4);
                assertThat(events.toString()).contains("freshotter still here");
            }
            // The edited message's first words were kept as a digest for client_id retries: they go too.
            int digests = n.node().database().read(h -> h.createQuery(
                    "SELECT COUNT(*) FROM messages WHERE first_text_digest IS NOT NULL").mapTo(Integer.class).one());
            assertThat(digests).isZero();
        }
    }

    @Test
    void aBusinessShortensRetentionForItsOwnConversationsOnly() {
        MutableClock clock = new MutableClock(START);
        try (TestNode n = TestNode.start(settings(), clock)) { // the node keeps messages for ever
            Api api = n.api;
            String s = suffix();
            Person owner = api.signUp("own_" + s);
            String shop = api.post("/api/v1/businesses", owner.token(), Map.of("handle", "shop_" + s,
                    "display_name", "Shop")).expect(201).body().at("/business/id").asText();
            String base = "/api/v1/businesses/" + shop;
            Api.Res bad = api.call("PUT", base + "/retention", owner.token(), Map.of("message_days", -1));
            assertThat(bad.status()).isEqualTo(422);
            assertThat(bad.code()).isEqualTo("validation_failed");
            JsonNode set = api.call("PUT", base + "/retention", owner.token(), Map.of("message_days", 7)).expect(200).body();
            assertThat(set.get("effective_days").asInt()).isEqualTo(7);
            assertThat(api.get(base + "/retention", owner.token()).expect(200).body().get("message_days").asInt())
                    .isEqualTo(7);
            Person stranger = api.signUp("str_" + s);
            assertThat(api.get(base + "/retention", stranger.token()).status()).isEqualTo(404);
            // A shorter retention deletes every customer's history: a plain agent reads it, only admins change it.
            Person agent = api.signUp("agt_" + s);
            api.joinTeam(owner, shop, agent, "agent");
            assertThat(api.get(base + "/retention", agent.token()).expect(200).body().get("message_days").asInt())
                    .isEqualTo(7);
            Api.Res refused = api.call("PUT", base + "/retention", agent.token(), Map.of("message_days", 1));
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.code()).isEqualTo("forbidden");
            assertThat(api.get(base + "/retention", owner.token()).body().get("message_days").asInt()).isEqualTo(7);
            Person admin = api.signUp("adm_" + s);
            api.joinTeam(owner, shop, admin, "admin");
            api.call("PUT", base + "/retention", admin.token(), Map.of("message_days", 7)).expect(200);

            Person carl = api.signUp("carl_" + s);
            Person dora = api.signUp("dora_" + s);
            friends(api, carl, dora);
            api.put("/api/v1/accounts/" + shop + "/like", carl.token()).expect(200);
            String withShop = api.open(carl, new Person(shop, null, null));
            api.send(carl, withShop, "shopwalrus where is my parcel").expect(201);
            String personal = api.open(carl, dora);
            api.send(carl, personal, "personalquokka stays").expect(201);

            settled(n, clock);
            clock.advance(Duration.ofDays(10));

            Eventually.await("the shop's old message deleted", WAIT,
                    () -> !history(api, withShop, carl).contains("shopwalrus"));
            assertThat(api.get(base + "/conversations/" + withShop + "/messages", owner.token()).expect(200).raw())
                    .doesNotContain("shopwalrus");
            Eventually.await("the run finished", WAIT, () -> runIdle(n));
            assertThat(history(api, personal, dora)).contains("personalquokka stays");
            assertThat(search(api, "personalquokka", dora)).hasSize(1);
        }
    }

    @Test
    void aConversationIdleLongerThanTheSettingLosesItsMessagesAndABusyOneKeepsThem() {
        MutableClock clock = new MutableClock(START);
        try (TestNode n = TestNode.start(settings("retention.inactive_conversations", "10"), clock)) {
            Api api = n.api;
            String s = suffix();
            Person ann = api.signUp("ann_" + s);
            Person bob = api.signUp("bob_" + s);
            Person cat = api.signUp("cat_" + s);
            friends(api, ann, bob, cat);
            String idle = api.open(ann, bob);
            String busy = api.open(ann, cat);
            api.send(ann, idle, "idleheron said once").expect(201);
            api.send(ann, busy, "busyheron said first").expect(201);
            settled(n, clock);
            clock.advance(Duration.ofDays(9));
            settled(n, clock);
            api.send(cat, busy, "busyheron keeps it going").expect(201);
            clock.advance(Duration.ofDays(3)); // idle: 12 days without a message; busy: 3

            Eventually.await("the idle conversation emptied", WAIT, () -> !history(api, idle, bob).contains("idleheron"));
            Eventually.await("the run finished", WAIT, () -> runIdle(n));
            assertThat(history(api, busy, cat)).contains("busyheron said first").contains("busyheron keeps it going");
        }
    }

    @Test
    void aReportsSnapshotGoesAfterTheReportRetentionAndAYoungerOneStays() {
        MutableClock clock = new MutableClock(START);
        try (TestNode n = TestNode.start(settings("safety.report_retention", "30d"), clock)) {
            Api api = n.api;
            String s = suffix();
            Person mod = new Person(null, null, adminOf(n));
            Person ann = api.signUp("ann_" + s);
            Person bob = api.signUp("bob_" + s);
            friends(api, ann, bob);
            String dm = api.open(ann, bob);
            String first = api.send(bob, dm, "snapshotted insult one").expect(201).body().get("id").asText();
            api.post("/api/v1/reports", ann.token(), Map.of("target", Map.of("kind", "message", "id", first),
                    "category", "harassment", "note", "old")).expect(201);
            settled(n, clock);
            clock.advance(Duration.ofDays(20));
            settled(n, clock);
            String second = api.send(bob, dm, "snapshotted insult two").expect(201).body().get("id").asText();
            api.post("/api/v1/reports", ann.token(), Map.of("target", Map.of("kind", "message", "id", second),
                    "category", "harassment", "note", "young")).expect(201);
            clock.advance(Duration.ofDays(15)); // the first report is 35 days old, the second 15

            JsonNode reports = Eventually.await("the old snapshot gone", WAIT, () -> reportsOf(api, mod, bob),
                    r -> r != null && snapshotOf(r, "old").isEmpty());
            assertThat(snapshotOf(reports, "young").toString()).contains("snapshotted insult two");
            assertThat(snapshotOf(reports, "old").toString()).doesNotContain("insult");
        }
    }

    private static JsonNode reportsOf(Api api, Person mod, Person reported) {
        for (JsonNode g : api.get("/api/v1/moderation/reports?status=open", mod.token()).expect(200).body().get("groups")) {
            if (g.path("account").path("id").asText().equals(reported.id())) {
                return g.get("reports");
            }
        }
        return null;
    }

    private static JsonNode snapshotOf(JsonNode reports, String note) {
        for (JsonNode r : reports) {
            if (r.get("note").asText().equals(note)) {
                return r.get("snapshot");
            }
        }
        throw new AssertionError("no report noted " + note);
    }

    /**
     * The run due at the clock's time has finished. The clock must not move while one runs: a run that
     * ends after the move sets its next one an hour past it, which a test's clock never reaches
     * (seen on a loaded machine, where the first run took long enough to straddle the move).
     */
    private static void settled(TestNode n, MutableClock clock) {
        Eventually.await("a retention run finished at this time", WAIT, () -> n.node().database().read(h -> h.createQuery(
                "SELECT COUNT(*) FROM retention_runs WHERE lease_owner IS NULL AND next_run_at > ?")
                .bind(0, clock.millis()).mapTo(Integer.class).one()) == 1);
    }

    /** The run is between runs: no step under way, no lease held. */
    private static boolean runIdle(TestNode n) {
        return n.node().database().read(h -> h.createQuery(
                "SELECT COUNT(*) FROM retention_runs WHERE step = 'messages' AND lease_owner IS NULL AND next_run_at > 0")
                .mapTo(Integer.class).one()) == 1;
    }

}
