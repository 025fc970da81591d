package dev.parley.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.store.Database;
import dev.parley.testing.Eventually;
import dev.parley.testing.NodeFixture;
import dev.parley.testing.TestStores;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Any single emoji is a reaction (skin tones, ZWJ sequences, flags, keycaps), anything else is a
 * problem, and members can see who reacted with what; a stranger gets the unknown message's 404.
 */
class AnyEmojiReactionTest {
    @RegisterExtension
    // Room for the dozen concurrent adds of reactionsSentAtOnceStillStopAtTen on PostgreSQL (the tests' pool is 8).
    static final NodeFixture NODE = NodeFixture.with(TestStores.postgres() ? Map.of("database_pool_size", "16") : Map.of());
    static final Api api = NODE.api();

    private static String path(String messageId, String emoji) {
        return "/api/v1/messages/" + messageId + "/reactions/" + URLEncoder.encode(emoji, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void anyOneEmojiIsAReactionAndOtherTextIsRefused() {
        Person ann = api.signUp("ann_emo1");
        Person bob = api.signUp("bob_emo1");
        api.setDmPolicy(bob, "everyone");
        String conv = api.open(ann, bob);
        String id = api.send(ann, conv, "Summit at 9!").expect(201).body().get("id").asText();
        for (String e : new String[] {"🦜", "👍🏽", "👩‍💻", "👨‍👩‍👧‍👦", "🇮🇹", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "1️⃣", "❤️", "☕"}) {
            JsonNode m = api.put(path(id, e), ann.token()).expect(200).body();
            assertThat(m.at("/reactions").has(e)).as(e).isTrue();
        }
        for (String bad : new String[] {"ok", "+1", "👍👍", "🇮", "a👍", "👍 ", "‍👍"}) {
            Api.Res r = api.put(path(id, bad), ann.token()).expect(422);
            assertThat(r.code()).as(bad).isEqualTo("validation_failed");
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
    }

    @Test
    void membersSeeWhoReactedWithWhatAndStrangersSeeNothing() {
        Person ann = api.signUp("ann_emo2");
        Person bob = api.signUp("bob_emo2");
        Person eve = api.signUp("eve_emo2");
        api.setDmPolicy(bob, "everyone");
        String conv = api.open(ann, bob);
        String id = api.send(ann, conv, "Pizza tonight?").expect(201).body().get("id").asText();
        api.put(path(id, "🍕"), bob.token()).expect(200);
        api.put(path(id, "🍕"), ann.token()).expect(200);
        api.put(path(id, "🎉"), bob.token()).expect(200);

        JsonNode r = api.get("/api/v1/messages/" + id + "/reactions", ann.token()).expect(200).body().get("reactions");
        assertThat(r.size()).isEqualTo(2);
        assertThat(r.get(0).get("emoji").asText()).isEqualTo("🍕");
        assertThat(r.get(0).get("account_ids").toString()).isEqualTo("[\"" + bob.id() + "\",\"" + ann.id() + "\"]");
        assertThat(r.get(1).get("emoji").asText()).isEqualTo("🎉");

        Api.Res stranger = api.get("/api/v1/messages/" + id + "/reactions", eve.token()).expect(404);
        Api.Res unknown = api.get("/api/v1/messages/" + id.substring(0, id.lastIndexOf('.')) + ".999/reactions", eve.token()).expect(404);
        assertThat(stranger.raw()).isEqualTo(unknown.raw());
    }

    @Test
    void anEmojiWithOrWithoutItsPresentationSelectorIsOneReaction() {
        Person ann = api.signUp("ann_emo3");
        Person bob = api.signUp("bob_emo3");
        api.setDmPolicy(bob, "everyone");
        String conv = api.open(ann, bob);
        String id = api.send(ann, conv, "Lunch?").expect(201).body().get("id").asText();
        api.put(path(id, "\u2764"), bob.token()).expect(200);
        JsonNode m = api.put(path(id, "\u2764\uFE0F"), bob.token()).expect(200).body();
        assertThat(m.at("/reactions").size()).isEqualTo(1);
        assertThat(m.at("/reactions/\u2764\uFE0F/count").asInt()).isEqualTo(1);
        api.put(path(id, "\u2764\uFE0F"), ann.token()).expect(200);
        JsonNode who = api.get("/api/v1/messages/" + id + "/reactions", ann.token()).expect(200).body().get("reactions");
        assertThat(who.size()).isEqualTo(1);
        assertThat(who.get(0).get("emoji").asText()).isEqualTo("\u2764\uFE0F");
        assertThat(who.get(0).get("account_ids").size()).isEqualTo(2);

        // Taking it back in the other form takes back the one reaction.
        m = api.delete(path(id, "\u2764"), bob.token()).expect(200).body();
        assertThat(m.at("/reactions/\u2764\uFE0F/count").asInt()).isEqualTo(1);
        assertThat(m.at("/reactions/\u2764\uFE0F/mine").asBoolean()).isFalse();

        // An emoji shown as emoji by default is stored without the selector; a keycap always has it.
        assertThat(api.put(path(id, "\u2B50\uFE0F"), bob.token()).expect(200).body().at("/reactions").has("\u2B50")).isTrue();
        assertThat(api.put(path(id, "1\u20E3"), bob.token()).expect(200).body().at("/reactions").has("1\uFE0F\u20E3")).isTrue();
        JsonNode thumbs = api.put(path(id, "\uD83D\uDC4D\uD83C\uDFFD"), bob.token()).expect(200).body().at("/reactions");
        assertThat(thumbs.has("\uD83D\uDC4D\uD83C\uDFFD")).as("a skin tone takes no selector").isTrue();
    }

    @Test
    void onePersonPutsAtMostTenDifferentReactionsOnAMessage() {
        Person ann = api.signUp("ann_emo4");
        Person bob = api.signUp("bob_emo4");
        api.setDmPolicy(bob, "everyone");
        String conv = api.open(ann, bob);
        String id = api.send(ann, conv, "Vote!").expect(201).body().get("id").asText();
        String[] ten = {"😀", "😁", "😂", "🤣", "😃", "😄", "😅", "😆", "😉", "😊"};
        for (String e : ten) {
            api.put(path(id, e), bob.token()).expect(200);
        }
        Api.Res eleventh = api.put(path(id, "😋"), bob.token()).expect(422);
        assertThat(eleventh.code()).isEqualTo("too_many_reactions");
        assertThat(eleventh.body().get("detail").asText()).contains("10");
        api.put(path(id, "😀"), bob.token()).expect(200); // one already there is no new reaction
        api.put(path(id, "😋"), ann.token()).expect(200); // the cap is each person's own

        api.delete(path(id, "😀"), bob.token()).expect(200);
        JsonNode m = api.put(path(id, "😋"), bob.token()).expect(200).body();
        assertThat(m.at("/reactions/😋/count").asInt()).isEqualTo(2);
    }

    @Test
    void reactionsSentAtOnceStillStopAtTen() throws Exception {
        Person ann = api.signUp("ann_emo5");
        Person bob = api.signUp("bob_emo5");
        api.setDmPolicy(bob, "everyone");
        String conv = api.open(ann, bob);
        String id = api.send(ann, conv, "Race!").expect(201).body().get("id").asText();
        String warm = api.send(ann, conv, "Warm-up").expect(201).body().get("id").asText();
        api.put(path(warm, "👍"), bob.token()).expect(200); // what an add reads besides its transaction is now cached
        List<String> emoji = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            emoji.add(new String(Character.toChars(0x1F600 + i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(31);
        try {
            // On PostgreSQL the race is made certain, not left to timing: a slow commit is played by
            // holding the two members' event counters, which every reaction updates just before it
            // commits, until a dozen adds wait on a lock. Without a lock taken before the count, each
            // of them has by then counted none of the others and inserted its own.
            Future<?> holder = TestStores.postgres() ? holdCounters(pool, List.of(ann.id(), bob.id()), 12) : null;
            List<Future<Api.Res>> answers = new ArrayList<>();
            for (String e : emoji) {
                answers.add(pool.submit(() -> api.put(path(id, e), bob.token())));
            }
            int ok = 0;
            for (Future<Api.Res> f : answers) {
                Api.Res r = f.get(60, TimeUnit.SECONDS);
                if (r.status() == 200) {
                    ok++;
                } else {
                    assertThat(r.status()).as(r.raw()).isEqualTo(422);
                    assertThat(r.code()).isEqualTo("too_many_reactions");
                }
            }
            if (holder != null) {
                holder.get(10, TimeUnit.SECONDS);
            }
            JsonNode mine = api.get("/api/v1/messages/" + id + "/reactions", ann.token()).expect(200).body().get("reactions");
            assertThat(mine.size()).as("reactions stored").isEqualTo(10);
            assertThat(ok).as("adds answered 200").isEqualTo(10);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Holds the accounts' event counters in one transaction until at least {@code waiters} other
     * transactions wait on a lock (or 20 s pass), then lets go. It polls on its own connection, as
     * the node's others may all be waiting.
     */
    private static Future<?> holdCounters(ExecutorService pool, List<String> accounts, int waiters) throws InterruptedException {
        Database db = NODE.node().node().database();
        CountDownLatch held = new CountDownLatch(1);
        Future<?> holder = pool.submit(() -> db.writeVoid(h -> {
            for (String a : accounts) {
                h.createQuery("SELECT account_id FROM event_counters WHERE account_id = ? FOR UPDATE").bind(0, a)
                        .mapTo(String.class).list();
            }
            held.countDown();
            Eventually.await("the adds wait on a lock", Duration.ofSeconds(20), () -> waitingAdds(h) >= waiters);
        }));
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        return holder;
    }

    /** Transactions of this database waiting on a lock in a reaction's add (the counters, or the message's row). */
    private static int waitingAdds(Handle h) {
        // A transaction reads pg_stat_activity once and keeps that snapshot unless told to clear it.
        h.createQuery("SELECT pg_stat_clear_snapshot()").mapTo(String.class).list();
        return h.createQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                + "AND datname = current_database() AND (query LIKE '%event_counters%' OR query LIKE '%FOR NO KEY UPDATE%')")
                .mapTo(Integer.class).one();
    }
}
