package dev.parley.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.MutableClock;
import dev.parley.testing.TestNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Sync returns every missed event exactly once, in order, also while writers commit concurrently. */
class SyncTest {

    /** Pages through /sync from a token until it is drained; answers the events and the next token. */
    private static List<JsonNode> syncAll(Api api, Person p, String since, String[] next) {
        List<JsonNode> events = new ArrayList<>();
        String token = since;
        while (true) {
            JsonNode page = api.get("/api/v1/sync?since=" + token + "&limit=200", p.token()).expect(200).body();
            page.get("events").forEach(events::add);
            token = page.get("next").asText();
            if (!page.get("has_more").asBoolean()) {
                next[0] = token;
                return events;
            }
        }
    }

    /** Each message once; seqs 1..n in order per conversation; tokens consecutive. */
    private static void assertExactlyOnceInOrder(List<JsonNode> events, Map<String, Integer> expectedPerConversation) {
        Map<String, Integer> lastSeq = new HashMap<>();
        Set<String> ids = new HashSet<>();
        long previousToken = -1;
        for (JsonNode e : events) {
            long token = e.get("token").asLong();
            if (previousToken >= 0) {
                assertThat(token).isEqualTo(previousToken + 1);
            }
            previousToken = token;
            if (!"message.created".equals(e.get("type").asText())) {
                continue;
            }
            String conversation = e.get("conversation_id").asText();
            int seq = e.get("seq").asInt();
            assertThat(seq).as("seq in %s", conversation).isEqualTo(lastSeq.getOrDefault(conversation, 0) + 1);
            lastSeq.put(conversation, seq);
            assertThat(ids.add(e.at("/data/message/id").asText())).as("delivered once").isTrue();
        }
        assertThat(lastSeq).isEqualTo(expectedPerConversation);
    }

    @Test
    void offlineMemberSyncs500MessagesAcross5ConversationsOnce() {
        try (TestNode node = TestNode.start()) {
            Api api = node.api;
            Person bob = api.signUp("bob");
            api.setDmPolicy(bob, "everyone");
            String since = api.get("/api/v1/sync", bob.token()).body().get("next").asText();
            List<Person> friends = new ArrayList<>();
            List<String> conversations = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Person f = api.signUp("friend" + i);
                friends.add(f);
                conversations.add(api.open(f, bob));
            }
            Map<String, Integer> expected = new HashMap<>();
            for (int i = 0; i < 500; i++) {
                int k = i % 5;
                api.send(friends.get(k), conversations.get(k), "message " + i).expect(201);
                expected.merge(conversations.get(k), 1, Integer::sum);
            }
            String[] next = new String[1];
            List<JsonNode> events = syncAll(api, bob, since, next);
            assertExactlyOnceInOrder(events, expected);
            // Syncing again from the last token gives nothing new.
            assertThat(api.get("/api/v1/sync?since=" + next[0], bob.token()).body().get("events")).isEmpty();
        }
    }

    @Test
    void concurrentWritersNeverMakeASyncingReaderSkipAnEvent() throws Exception {
        try (TestNode node = TestNode.start()) {
            Api api = node.api;
            Person bob = api.signUp("bob");
            api.setDmPolicy(bob, "everyone");
            String since = api.get("/api/v1/sync", bob.token()).body().get("next").asText();
            int writers = 8;
            int perWriter = 40;
            List<Person> senders = new ArrayList<>();
            List<String> conversations = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                Person s = api.signUp("writer" + i);
                senders.add(s);
                conversations.add(api.open(s, bob));
            }
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            AtomicBoolean writing = new AtomicBoolean(true);
            List<JsonNode> seenWhileWriting = new ArrayList<>();
            String[] token = {since};
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    int k = w;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < perWriter; i++) {
                            api.send(senders.get(k), conversations.get(k), "w" + k + " #" + i).expect(201);
                        }
                    }));
                }
                // The reader polls while the writers commit: the race a global id would lose.
                Thread reader = new Thread(() -> {
                    while (writing.get()) {
                        String[] next = new String[1];
                        seenWhileWriting.addAll(syncAll(api, bob, token[0], next));
                        token[0] = next[0];
                    }
                });
                reader.start();
                for (Future<?> f : done) {
                    f.get();
                }
                writing.set(false);
                reader.join();
            } finally {
                pool.shutdown();
            }
            String[] next = new String[1];
            seenWhileWriting.addAll(syncAll(api, bob, token[0], next));
            Map<String, Integer> expected = new HashMap<>();
            conversations.forEach(c -> expected.put(c, perWriter));
            assertExactlyOnceInOrder(seenWhileWriting, expected);
        }
    }

    @Test
    void aTokenOlderThanTheRetentionAnswersSyncReset() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
        try (TestNode node = TestNode.start(Map.of(), clock)) {
            Api api = node.api;
            Person ann = api.signUp("ann");
            Person bob = api.signUp("bob");
            api.setDmPolicy(bob, "everyone");
            String since = api.get("/api/v1/sync", bob.token()).body().get("next").asText();
            String dm = api.open(ann, bob);
            api.send(ann, dm, "old news").expect(201);
            clock.advance(Duration.ofDays(31));
            api.send(ann, dm, "fresh").expect(201);
            new EventStore(node.node().database()).prune(clock.instant().minus(Duration.ofDays(30)));

            Api.Res reset = api.get("/api/v1/sync?since=" + since, bob.token());
            assertThat(reset.status()).isEqualTo(410);
            assertThat(reset.code()).isEqualTo("sync_reset");
            // Starting again from "next" works, and the history itself is still there.
            String fresh = reset.body().get("next").asText();
            assertThat(api.get("/api/v1/sync?since=" + fresh, bob.token()).status()).isEqualTo(200);
            assertThat(api.get("/api/v1/conversations/" + dm + "/messages", bob.token()).body().get("items")).hasSize(2);
            // Not a token at all: the same reset, with the same place to start again.
            for (String junk : List.of("banana", "-1", "99999999999999999999")) {
                Api.Res unknown = api.get("/api/v1/sync?since=" + junk, bob.token());
                assertThat(unknown.status()).as(junk).isEqualTo(410);
                assertThat(unknown.code()).isEqualTo("sync_reset");
                assertThat(unknown.body().get("next").asText()).isEqualTo(fresh);
            }
        }
    }
}
