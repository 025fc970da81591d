package dev.parley.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.ChildNode;
import dev.parley.testing.Eventually;
import dev.parley.testing.RedisServer;
import dev.parley.testing.TestNode;
import dev.parley.testing.TestStores;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 7's chatbots on two nodes: the webhooks of a bot and a business's automatic replies
 * happen once across the cluster, not once per node, and a bot's deliveries go on when the node
 * delivering them stops, gracefully or by kill -9. PostgreSQL and redis-server, like the other
 * cluster tests, so it runs in the PostgreSQL pass only.
 */
@Tag("postgres-only")
class ChatbotClusterTest {
    static final String INSTANT = "Thanks for writing to us! We'll answer soon.";
    /** A short lease, so a takeover after a crash happens within the test's patience. */
    static final Map<String, String> SETTINGS = Map.of("automation.allow_private_webhooks", "on",
            "automation.webhook_retry_base", "300ms", "automation.webhook_lease", "3s", "inbox.triage", "off");

    /**
     * A bot's webhook receiver that keeps every delivery it accepted, in arrival order. It answers
     * on many threads, so two nodes' deliveries can overlap as they would at a real bot.
     */
    static final class Receiver implements AutoCloseable {
        final HttpServer server;
        final ExecutorService threads = Executors.newCachedThreadPool();
        final List<JsonNode> accepted = new ArrayList<>();
        final AtomicInteger held = new AtomicInteger();
        /** While set, calls wait for it and then fail (503): a receiver that hangs. */
        volatile CountDownLatch hold;

        Receiver(Duration delay) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(threads);
            server.createContext("/hook", ex -> {
                try (ex) {
                    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    CountDownLatch h = hold;
                    if (h != null) {
                        held.incrementAndGet();
                        h.await(60, TimeUnit.SECONDS);
                        ex.sendResponseHeaders(503, -1);
                        return;
                    }
                    Thread.sleep(delay.toMillis()); // a bot that takes a moment widens any overlap
                    synchronized (accepted) {
                        accepted.add(Api.JSON.readTree(body));
                    }
                    ex.sendResponseHeaders(200, -1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (IOException callerGone) {
                    // a killed node's connection: nothing to answer
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        List<JsonNode> accepted() {
            synchronized (accepted) {
                return List.copyOf(accepted);
            }
        }

        /** The texts of the customer messages accepted, in arrival order. */
        List<String> texts() {
            return accepted().stream().filter(d -> "message.created".equals(d.at("/event/type").asText()))
                    .map(d -> d.at("/event/data/message/text").asText()).toList();
        }

        List<Long> tokens() {
            return accepted().stream().map(d -> d.at("/event/token").asLong()).toList();
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
        }
    }

    /** A business with automatic replies and a bot, as one node's API sees it. */
    private record Shop(Person owner, String id, String botId) {}

    private static Shop shop(Api api, String name, Receiver receiver, boolean instantReply) {
        Person owner = api.signUp(name + "_owner");
        String id = api.post("/api/v1/businesses", owner.token(), Map.of("handle", name, "display_name", "Shop"))
                .expect(201).body().at("/business/id").asText();
        if (instantReply) {
            api.call("PUT", "/api/v1/businesses/" + id + "/automation", owner.token(),
                    Map.of("instant_reply", Map.of("enabled", true, "text", INSTANT))).expect(200);
        }
        String botId = api.post("/api/v1/businesses/" + id + "/bots", owner.token(),
                Map.of("name", "Helper", "url", receiver.url())).expect(201).body().at("/bot/id").asText();
        return new Shop(owner, id, botId);
    }

    private static Person customer(Api api, String handle, Shop shop) {
        Person p = api.signUp(handle);
        api.put("/api/v1/accounts/" + shop.id() + "/like", p.token()).expect(200);
        return p;
    }

    @Test
    void eachEventReachesTheBotOnceInOrderAndTheInstantReplyIsSentOnce() throws Exception {
        try (Cluster cluster = new Cluster(SETTINGS); Receiver receiver = new Receiver(Duration.ofMillis(20))) {
            Shop shop = shop(cluster.a.api, "cb_shop1", receiver, true);
            // A node started after the bot was registered knows it from its start, like every node
            // of a cluster restarted since; b, up before, learns of it on its next pass. So all
            // three deliver this bot's webhooks unless something keeps them from it.
            TestNode c3 = cluster.node();
            try {
                everyMessageOnce(cluster, c3, receiver, shop);
            } finally {
                c3.close();
            }
        }
    }

    private void everyMessageOnce(Cluster cluster, TestNode c3, Receiver receiver, Shop shop) throws Exception {
        int customers = 3;
        int perCustomer = 8;
        List<Person> people = new ArrayList<>();
        List<String> conversations = new ArrayList<>();
        for (int c = 0; c < customers; c++) {
            Person p = customer(cluster.a.api, "cb_cus" + c, shop);
            people.add(p);
            conversations.add(cluster.a.api.open(p, new Person(shop.id(), "cb_shop1", null)));
        }
        // Messages go in pairs, the first of each through node a and the second through the new node
        // at the same moment: each commits, hears, and answers half of the messages.
        List<Api> nodes = List.of(cluster.a.api, c3.api);
        CyclicBarrier pair = new CyclicBarrier(2);
        Map<String, Long> lastSeq = new java.util.concurrent.ConcurrentHashMap<>();
        ExecutorService senders = Executors.newFixedThreadPool(2);
        List<Future<?>> done = new ArrayList<>();
        for (int side = 0; side < 2; side++) {
            int s = side;
            done.add(senders.submit(() -> {
                for (int i = s; i < perCustomer; i += 2) {
                    pair.await(10, TimeUnit.SECONDS);
                    for (int c = 0; c < customers; c++) {
                        long seq = nodes.get(s).send(people.get(c), conversations.get(c), "c" + c + " m" + i)
                                .expect(201).body().get("seq").asLong();
                        lastSeq.merge(conversations.get(c), seq, Math::max);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        senders.shutdown();
        List<String> expected = new ArrayList<>();
        for (int c = 0; c < customers; c++) {
            for (int i = 0; i < perCustomer; i++) {
                expected.add("c" + c + " m" + i);
            }
        }

        await(() -> receiver.texts().containsAll(expected), Duration.ofSeconds(30), "every message reached the bot");
        // A second delivery would come from the other node's next pass (every 200 ms): give it
        // several passes to show up before counting.
        quietFor(receiver, Duration.ofMillis(1500));
        assertThat(receiver.tokens()).as("each event delivered once, in token order").doesNotHaveDuplicates().isSorted();
        assertThat(receiver.texts()).containsExactlyInAnyOrderElementsOf(expected);
        Map<String, List<Long>> seqs = new LinkedHashMap<>();
        for (JsonNode d : receiver.accepted()) {
            seqs.computeIfAbsent(d.at("/event/data/message/conversation_id").asText(), k -> new ArrayList<>())
                    .add(d.at("/event/data/message/seq").asLong());
        }
        seqs.values().forEach(s -> assertThat(s).as("a conversation's messages in order").isSorted());

        for (int c = 0; c < customers; c++) {
            String conversation = conversations.get(c);
            long last = lastSeq.get(conversation);
            await(() -> cluster.b.api.get("/api/v1/businesses/" + shop.id() + "/conversations/" + conversation + "/bot",
                    shop.owner().token()).expect(200).body().get("seen_seq").asLong() >= last,
                    Duration.ofSeconds(20), "automation handled every message of " + conversation);
            int instant = 0;
            for (JsonNode m : cluster.a.api.get("/api/v1/conversations/" + conversation + "/messages?limit=100",
                    people.get(c).token()).expect(200).body().get("items")) {
                if (INSTANT.equals(m.get("text").asText())) {
                    instant++;
                }
            }
            assertThat(instant).as("instant replies in conversation " + c).isEqualTo(1);
        }
    }

    @Test
    void whenTheNodeDeliveringABotStopsTheOtherDeliversTheRest() throws Exception {
        try (Cluster cluster = new Cluster(SETTINGS); Receiver receiver = new Receiver(Duration.ZERO)) {
            Shop shop = shop(cluster.a.api, "cb_shop2", receiver, false);
            Person cus = customer(cluster.a.api, "cb_stop", shop);
            String c = cluster.a.api.open(cus, new Person(shop.id(), "cb_shop2", null));
            cluster.a.api.send(cus, c, "one").expect(201);
            cluster.b.api.send(cus, c, "two").expect(201);
            await(() -> receiver.texts().equals(List.of("one", "two")), Duration.ofSeconds(20), "the first two delivered");

            String holder = leaseOwner(cluster.a, shop.botId());
            TestNode stopping = holder.startsWith(cluster.a.node().nodeId() + "/") ? cluster.a : cluster.b;
            TestNode staying = stopping == cluster.a ? cluster.b : cluster.a;
            stopping.close();
            staying.api.send(cus, c, "three").expect(201);
            staying.api.send(cus, c, "four").expect(201);
            await(() -> receiver.texts().size() >= 4, Duration.ofSeconds(20), "the rest delivered by the other node");
            quietFor(receiver, Duration.ofMillis(1000));
            assertThat(receiver.texts()).containsExactly("one", "two", "three", "four");
            assertThat(receiver.tokens()).doesNotHaveDuplicates().isSorted();
            assertThat(leaseOwner(staying, shop.botId())).startsWith(staying.node().nodeId() + "/");
        }
    }

    /**
     * kill -9 of the node delivering a bot, in the middle of a delivery the bot never answers: no
     * lease is given back, so the other node waits for it to run out (3 s here), then delivers the
     * interrupted event and the ones after it, each once, in order.
     */
    @Test
    void whenTheNodeDeliveringABotDiesTheOtherTakesOverOnceItsLeaseRunsOut() throws Exception {
        RedisServer redis = RedisServer.start();
        String pg = TestStores.freshPostgresSchema();
        Path dir = Files.createTempDirectory("parley-chatbot-kill");
        Map<String, String> env = new HashMap<>();
        SETTINGS.forEach((k, v) -> env.put("PARLEY_" + k.toUpperCase().replace('.', '_'), v));
        env.put("PARLEY_DATABASE_URL", pg);
        env.put("PARLEY_DATABASE_POOL_SIZE", "8");
        env.put("PARLEY_REDIS_URL", redis.url());
        env.put("PARLEY_DATA_DIR", dir.resolve("child").toString());
        env.put("PARLEY_NODE_ID", "doomed");
        Map<String, String> survivorSettings = new HashMap<>(SETTINGS);
        survivorSettings.putAll(Map.of("database_url", pg, "database_pool_size", "8", "redis_url", redis.url()));
        try (ChildNode doomed = new ChildNode(env, dir.resolve("doomed.log"));
             Receiver receiver = new Receiver(Duration.ZERO)) {
            doomed.start();
            Shop shop = shop(doomed.api, "cb_shop3", receiver, false);
            Person cus = customer(doomed.api, "cb_kill", shop);
            String c = doomed.api.open(cus, new Person(shop.id(), "cb_shop3", null));
            CountDownLatch hang = new CountDownLatch(1);
            receiver.hold = hang;
            // Only the doomed node runs yet, so it claims the bot; the bot hangs on the delivery.
            doomed.api.send(cus, c, "one").expect(201);
            await(() -> receiver.held.get() >= 1, Duration.ofSeconds(20), "the doomed node is delivering");
            try (TestNode survivor = TestNode.start(survivorSettings)) {
                assertThat(leaseOwner(survivor, shop.botId())).startsWith("doomed/");
                doomed.kill();
                receiver.hold = null;
                hang.countDown();
                survivor.api.send(cus, c, "two").expect(201);
                survivor.api.send(cus, c, "three").expect(201);
                await(() -> receiver.texts().size() >= 3, Duration.ofSeconds(20), "the survivor took the bot over");
                quietFor(receiver, Duration.ofMillis(1000));
                assertThat(receiver.texts()).containsExactly("one", "two", "three");
                assertThat(receiver.tokens()).doesNotHaveDuplicates().isSorted();
                assertThat(leaseOwner(survivor, shop.botId())).startsWith(survivor.node().nodeId() + "/");
            }
        } finally {
            redis.close();
            TestStores.dropSchema(pg);
        }
    }

    private static String leaseOwner(TestNode node, String botId) {
        return node.node().database().read(h -> h.createQuery("SELECT lease_owner FROM bots WHERE id = ?")
                .bind(0, botId).mapTo(String.class).findOne()).orElse("");
    }

    /** Waits until nothing new has arrived for {@code quiet}: how long a duplicate would take to show up. */
    private static void quietFor(Receiver receiver, Duration quiet) throws InterruptedException {
        int seen = receiver.accepted().size();
        long until = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < until) {
            Thread.sleep(50);
            int now = receiver.accepted().size();
            if (now != seen) {
                seen = now;
                until = System.nanoTime() + quiet.toNanos();
            }
        }
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) {
        Eventually.await(what, timeout, condition);
    }
}
