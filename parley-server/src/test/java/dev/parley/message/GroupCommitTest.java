package dev.parley.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.http.ApiException;
import dev.parley.store.Database;
import dev.parley.store.GroupCommit;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.TestNode;
import dev.parley.testing.TestStores;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Concurrent sends are written in shared transactions (group commit). Whatever the batching,
 * each send answers for its own message, seqs and tokens have no gaps, a repeated client_id makes
 * one message even within one batch, and a bad send in a batch fails alone. The engine itself
 * ({@link GroupCommit}) is driven directly too, on the node's store, so that a batch is known to
 * hold many items and a failing transaction is known to be written again one item at a time.
 */
class GroupCommitTest {
    private static TestNode node;
    private static Api api;

    @BeforeAll
    static void up() {
        node = TestNode.start();
        api = node.api;
    }

    @AfterAll
    static void down() {
        node.close();
    }

    @Test
    void concurrentSendsInManyConversationsEachGetTheirOwnMessageWithoutGaps() throws Exception {
        int pairs = 6;
        int perSender = 40;
        List<Person> senders = new ArrayList<>();
        List<Person> recipients = new ArrayList<>();
        List<String> conversations = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            senders.add(api.signUp("gc_s" + i));
            recipients.add(api.signUp("gc_r" + i));
            api.setDmPolicy(recipients.get(i), "everyone");
            conversations.add(api.open(senders.get(i), recipients.get(i)));
        }
        // Both sides of every pair write at once, four threads each, so batches mix conversations.
        List<Callable<Api.Res>> sends = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            for (int n = 0; n < perSender; n++) {
                int p = i;
                int k = n;
                sends.add(() -> api.send(senders.get(p), conversations.get(p), "from sender " + k));
                sends.add(() -> api.send(recipients.get(p), conversations.get(p), "from recipient " + k));
            }
        }
        List<Api.Res> answers = runAll(sends, 24);
        Set<String> ids = new HashSet<>();
        for (Api.Res r : answers) {
            r.expect(201);
            ids.add(r.body().get("id").asText());
        }
        assertThat(ids).hasSize(sends.size());
        for (int i = 0; i < pairs; i++) {
            List<Long> seqs = history(recipients.get(i), conversations.get(i)).stream().map(m -> m.get("seq").asLong()).toList();
            assertThat(seqs).hasSize(2 * perSender);
            for (int s = 0; s < seqs.size(); s++) {
                assertThat(seqs.get(s)).isEqualTo(s + 1);
            }
            assertTokensHaveNoGaps(recipients.get(i));
            assertTokensHaveNoGaps(senders.get(i));
        }
    }

    @Test
    void oneClientIdSentManyTimesAtOnceMakesOneMessage() throws Exception {
        Person ann = api.signUp("gc_dup_a");
        Person bob = api.signUp("gc_dup_b");
        api.setDmPolicy(bob, "everyone");
        String c = api.open(ann, bob);
        List<Callable<Api.Res>> sends = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            sends.add(() -> api.post("/api/v1/conversations/" + c + "/messages", ann.token(),
                    Map.of("client_id", "same-one", "text", "only once")));
        }
        List<Api.Res> answers = runAll(sends, 30);
        Map<Integer, Integer> statuses = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (Api.Res r : answers) {
            statuses.merge(r.status(), 1, Integer::sum);
            ids.add(r.body().get("id").asText());
        }
        assertThat(statuses).containsEntry(201, 1).containsEntry(200, 29);
        assertThat(ids).hasSize(1);
        assertThat(history(bob, c)).hasSize(1);
    }

    @Test
    void aBadSendInABatchFailsAloneAndTheOthersCommit() throws Exception {
        Person ann = api.signUp("gc_bad_a");
        Person bob = api.signUp("gc_bad_b");
        api.setDmPolicy(bob, "everyone");
        String c = api.open(ann, bob);
        api.post("/api/v1/conversations/" + c + "/messages", ann.token(), Map.of("client_id", "taken", "text", "first"))
                .expect(201);
        List<Callable<Api.Res>> sends = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            int k = i;
            // Every sixth reuses a stored client_id for other text; sends 1 and 2 of every six race
            // one new client_id with two texts; the rest are plain. Only the bad ones may fail.
            String clientId = k % 6 == 0 ? "taken" : k % 6 == 1 || k % 6 == 2 ? "race-" + k / 6 : "ok-" + k;
            sends.add(() -> api.post("/api/v1/conversations/" + c + "/messages", ann.token(),
                    Map.of("client_id", clientId, "text", "text " + k)));
        }
        List<Api.Res> answers = runAll(sends, 48);
        int created = 0;
        for (int i = 0; i < answers.size(); i++) {
            int status = answers.get(i).status();
            if (i % 6 == 0) {
                assertThat(status).as("send " + i).isEqualTo(409);
            } else if (i % 6 == 1) {
                assertThat(List.of(status, answers.get(i + 1).status())).as("race " + i / 6)
                        .containsExactlyInAnyOrder(201, 409);
            } else if (i % 6 != 2) {
                assertThat(status).as("send " + i).isEqualTo(201);
            }
            created += status == 201 ? 1 : 0;
        }
        assertThat(created).isEqualTo(8 * 4);
        assertThat(history(bob, c)).hasSize(1 + created);
    }

    /** One SQLite store has one writer by design; this is about PostgreSQL's concurrent writers. */
    @Test
    @Tag("postgres-only")
    void twoWritersOnOneStoreKeepEachAccountsTokensInOrder() throws Exception {
        String pg = TestStores.freshPostgresSchema();
        try (TestNode a = TestNode.start(Map.of("database_url", pg)); TestNode b = TestNode.start(Map.of("database_url", pg))) {
            List<Person> people = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                people.add(a.api.signUp("gc_tw" + i));
                a.api.setDmPolicy(people.get(i), "everyone");
            }
            // A group of all four: every message gives every member an event, from both nodes at once.
            String group = a.api.open(people.get(0), people.get(1), people.get(2), people.get(3));
            List<Callable<Api.Res>> sends = new ArrayList<>();
            for (int n = 0; n < 60; n++) {
                Person from = people.get(n % 4);
                Api via = n % 2 == 0 ? a.api : b.api;
                int k = n;
                sends.add(() -> via.send(from, group, "m" + k));
            }
            runAll(sends, 16).forEach(r -> r.expect(201));
            for (Person p : people) {
                List<JsonNode> events = syncAll(a.api, p);
                for (int i = 0; i < events.size(); i++) {
                    assertThat(events.get(i).get("token").asLong()).isEqualTo(i + 1);
                }
                // The 60 sent, besides the group's own "created" line (seq 1).
                assertThat(events.stream().filter(e -> "message.created".equals(e.get("type").asText()))
                        .filter(e -> "person".equals(e.at("/data/message/author_kind").asText()))).hasSize(60);
            }
        } finally {
            TestStores.dropSchema(pg);
        }
    }

    @Test
    void itemsThatArriveWhileTheWriterIsBusyShareOneTransactionAndAreAnsweredAfterItCommits() throws Exception {
        Database db = node.node().database();
        db.writeVoid(h -> h.execute("CREATE TABLE gc_probe_one (item TEXT PRIMARY KEY)"));
        Gate gate = new Gate();
        try (GroupCommit<String, String> commit = new GroupCommit<>("test-group-commit", db,
                probe("gc_probe_one", gate), 64, 50_000)) {
            CompletableFuture<String> first = commit.submit("gate");
            gate.awaitWriter();
            // The writer holds a batch of one; everything submitted now waits for the next batch.
            List<CompletableFuture<String>> queued = new ArrayList<>();
            List<CompletableFuture<Boolean>> visibleWhenAnswered = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String item = i == 4 ? "refuse" : "item-" + i;
                CompletableFuture<String> done = commit.submit(item);
                queued.add(done);
                // Whoever is answered can already read what was written: the answer follows the commit.
                visibleWhenAnswered.add(done.handle((v, e) -> stored(db, "gc_probe_one").contains(item)));
            }
            gate.open();

            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("wrote gate");
            for (int i = 0; i < queued.size(); i++) {
                if (i == 4) {
                    // Refused by the batch itself: it fails alone, and the rest of its batch commits.
                    assertThatThrownBy(queued.get(i)::join).hasCauseInstanceOf(ApiException.class);
                    assertThat(visibleWhenAnswered.get(i).get(10, TimeUnit.SECONDS)).isFalse();
                } else {
                    assertThat(queued.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("wrote item-" + i);
                    assertThat(visibleWhenAnswered.get(i).get(10, TimeUnit.SECONDS)).isTrue();
                }
            }
            GroupCommit.Stats stats = commit.stats();
            assertThat(stats.batches()).isEqualTo(2);
            assertThat(stats.items()).isEqualTo(11);
            assertThat(stats.largest()).isEqualTo(10);
            assertThat(stats.retriedOneByOne()).isZero();
        } finally {
            db.writeVoid(h -> h.execute("DROP TABLE gc_probe_one"));
        }
    }

    @Test
    void aBatchWhoseTransactionFailsIsWrittenAgainOneByOneSoOnlyTheBadItemFails() throws Exception {
        Database db = node.node().database();
        db.writeVoid(h -> h.execute("CREATE TABLE gc_probe_two (item TEXT PRIMARY KEY)"));
        Gate gate = new Gate();
        try (GroupCommit<String, String> commit = new GroupCommit<>("test-group-commit", db,
                probe("gc_probe_two", gate), 64, 50_000)) {
            commit.submit("gate");
            gate.awaitWriter();
            List<String> items = List.of("a", "b", "poison", "c", "d");
            List<CompletableFuture<String>> answers = new ArrayList<>();
            for (String item : items) {
                answers.add(commit.submit(item));
            }
            gate.open();

            for (int i = 0; i < items.size(); i++) {
                if (items.get(i).equals("poison")) {
                    assertThatThrownBy(answers.get(i)::join).hasRootCauseMessage("poison cannot be written");
                } else {
                    assertThat(answers.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("wrote " + items.get(i));
                }
            }
            // The failed batch had written a and b before the poison: rolled back, then each
            // written once on its own. Nothing of the poison, nothing twice.
            assertThat(stored(db, "gc_probe_two")).containsExactlyInAnyOrder("gate", "a", "b", "c", "d");
            GroupCommit.Stats stats = commit.stats();
            assertThat(stats.retriedOneByOne()).isEqualTo(1);
            assertThat(stats.largest()).isEqualTo(1); // the batch of five never committed as one
            assertThat(stats.items()).isEqualTo(5); // gate, then a, b, c, d one by one
        } finally {
            db.writeVoid(h -> h.execute("DROP TABLE gc_probe_two"));
        }
    }

    /**
     * The writer waits up to its window for more items, but a batch that fills is written at once:
     * otherwise a full batch would wait the whole window (here a minute) for nothing.
     */
    @Test
    void anItemThatFillsTheBatchHasItWrittenWithoutWaitingOutTheWindow() throws Exception {
        Database db = node.node().database();
        db.writeVoid(h -> h.execute("CREATE TABLE gc_probe_full (item TEXT PRIMARY KEY)"));
        try (GroupCommit<String, String> commit = new GroupCommit<>("test-group-commit", db,
                probe("gc_probe_full", new Gate()), 4, TimeUnit.MINUTES.toMicros(1))) {
            List<CompletableFuture<String>> answers = new ArrayList<>();
            answers.add(commit.submit("first"));
            Thread.sleep(200); // the writer has taken it and is waiting for more
            for (String item : List.of("second", "third", "fourth")) {
                answers.add(commit.submit(item));
            }
            for (CompletableFuture<String> a : answers) {
                assertThat(a.get(20, TimeUnit.SECONDS)).startsWith("wrote ");
            }
            assertThat(commit.stats().largest()).isEqualTo(4);
            assertThat(commit.stats().batches()).isEqualTo(1);
        } finally {
            db.writeVoid(h -> h.execute("DROP TABLE gc_probe_full"));
        }
    }

    /**
     * PostgreSQL broke a lock cycle between two writers (a CI run: an agent's reply beside the inbox's own write) by
     * rolling one back with 40P01, and a send alone in its batch answered 500. It is written again, once, and only
     * it; any other failure of a lone item is still its answer.
     */
    @Test
    void aLoneSendThatLostADeadlockIsWrittenAgain() throws Exception {
        Database db = node.node().database();
        db.writeVoid(h -> h.execute("CREATE TABLE gc_probe_race (item TEXT PRIMARY KEY)"));
        java.util.concurrent.atomic.AtomicInteger tries = new java.util.concurrent.atomic.AtomicInteger();
        GroupCommit.Batch<String, String> racing = (h, items) -> {
            if (items.contains("race") && tries.getAndIncrement() == 0) {
                throw new org.jdbi.v3.core.statement.UnableToExecuteStatementException(
                        new java.sql.SQLException("deadlock detected", "40P01"), null);
            }
            return probe("gc_probe_race", new Gate()).write(h, items);
        };
        try (GroupCommit<String, String> commit = new GroupCommit<>("test-group-commit", db, racing, 64, 0)) {
            assertThat(commit.submit("race").get(10, TimeUnit.SECONDS)).isEqualTo("wrote race");
            assertThat(tries.get()).isEqualTo(2);
            assertThatThrownBy(() -> commit.submit("poison").join()).hasRootCauseMessage("poison cannot be written");
            assertThat(stored(db, "gc_probe_race")).containsExactly("race");
        } finally {
            db.writeVoid(h -> h.execute("DROP TABLE gc_probe_race"));
        }
    }

    /** Holds the writer inside the transaction of the item "gate" until the test opens it. */
    private static final class Gate {
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch open = new CountDownLatch(1);

        void pass(List<String> items) {
            if (items.contains("gate")) {
                entered.countDown();
                try {
                    assertThat(open.await(10, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        }

        void awaitWriter() throws InterruptedException {
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        }

        void open() {
            open.countDown();
        }
    }

    /**
     * Writes each item as a row; "refuse" is refused by the batch (no row), "poison" throws after
     * the items before it were written, which fails the whole transaction.
     */
    private static GroupCommit.Batch<String, String> probe(String table, Gate gate) {
        return (h, items) -> {
            gate.pass(items);
            List<GroupCommit.Outcome<String>> out = new ArrayList<>();
            for (String item : items) {
                if (item.equals("poison")) {
                    throw new IllegalStateException("poison cannot be written");
                }
                if (item.equals("refuse")) {
                    out.add(GroupCommit.Outcome.failed(ApiException.validation("refused")));
                    continue;
                }
                h.execute("INSERT INTO " + table + " (item) VALUES (?)", item);
                out.add(GroupCommit.Outcome.of("wrote " + item));
            }
            return new GroupCommit.Written<>(out, () -> { });
        };
    }

    private static List<String> stored(Database db, String table) {
        return db.read(h -> h.createQuery("SELECT item FROM " + table).mapTo(String.class).list());
    }

    private static void assertTokensHaveNoGaps(Person p) {
        List<JsonNode> events = syncAll(api, p);
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).get("token").asLong()).as("token " + i + " of " + p.handle()).isEqualTo(i + 1);
        }
    }

    private static List<JsonNode> syncAll(Api via, Person p) {
        List<JsonNode> out = new ArrayList<>();
        String since = "0";
        while (true) {
            JsonNode page = via.get("/api/v1/sync?limit=1000&since=" + since, p.token()).expect(200).body();
            page.get("events").forEach(out::add);
            since = page.get("next").asText();
            if (!page.get("has_more").asBoolean()) {
                return out;
            }
        }
    }

    private static List<JsonNode> history(Person p, String conversation) {
        List<JsonNode> out = new ArrayList<>();
        api.get("/api/v1/conversations/" + conversation + "/messages?limit=200", p.token()).expect(200).body()
                .get("items").forEach(out::add);
        return out;
    }

    private static <T> List<T> runAll(List<Callable<T>> tasks, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<T> out = new ArrayList<>();
            for (Future<T> f : pool.invokeAll(tasks)) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
