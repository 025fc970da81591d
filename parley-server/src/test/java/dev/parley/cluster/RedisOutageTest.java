package dev.parley.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Redis stops for 10 s while senders on node A keep writing to people whose sockets are on node
 * B. Redis only carries nudges, so nothing may be lost: every acknowledged message reaches its
 * recipient's socket on B, once, and delivery resumes within 5 s of Redis's return.
 */
@Tag("postgres-only")
class RedisOutageTest {
    private static final int PAIRS = 4;

    @Test
    void losingRedisDelaysDeliveryAndLosesNothing() throws Exception {
        try (Cluster cluster = new Cluster()) {
            List<Person> senders = new ArrayList<>();
            List<Person> recipients = new ArrayList<>();
            List<String> conversations = new ArrayList<>();
            for (int i = 0; i < PAIRS; i++) {
                senders.add(cluster.a.api.signUp("out_s" + i));
                recipients.add(cluster.a.api.signUp("out_r" + i));
                cluster.a.api.setDmPolicy(recipients.get(i), "everyone");
                conversations.add(cluster.a.api.open(senders.get(i), recipients.get(i)));
            }
            Map<String, Set<String>> received = new ConcurrentHashMap<>();
            Map<String, Long> arrivedAt = new ConcurrentHashMap<>();
            List<Socket> sockets = new ArrayList<>();
            for (Person r : recipients) {
                sockets.add(Socket.open(cluster.b, r.token()));
            }
            Map<String, Integer> copies = new ConcurrentHashMap<>();
            AtomicBoolean listening = new AtomicBoolean(true);
            Thread collector = new Thread(() -> {
                while (listening.get()) {
                    collect(sockets, received, copies, arrivedAt);
                }
            });
            collector.start();
            Set<String> acked = ConcurrentHashMap.newKeySet();
            AtomicBoolean sending = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(PAIRS);
            for (int i = 0; i < PAIRS; i++) {
                int p = i;
                pool.submit(() -> {
                    for (int n = 0; sending.get(); n++) {
                        Api.Res r = cluster.a.api.send(senders.get(p), conversations.get(p), "m" + p + "-" + n);
                        if (r.status() == 201) {
                            acked.add(r.body().get("id").asText());
                        }
                        pause(25);
                    }
                });
            }
            pause(2_000);
            cluster.redis.stop();
            long down = System.nanoTime();
            Set<String> ackedBeforeOutage = Set.copyOf(acked);
            pause(10_000);
            cluster.redis.up();
            long back = System.nanoTime();
            Set<String> heldBack = new java.util.HashSet<>(acked);
            heldBack.removeAll(ackedBeforeOutage);
            pause(1_000);
            sending.set(false);
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline && received.values().stream().mapToInt(Set::size).sum() < acked.size()) {
                pause(50);
            }
            listening.set(false);
            collector.join();
            long lastDuringOutage = heldBack.stream().mapToLong(id -> arrivedAt.getOrDefault(id, Long.MAX_VALUE))
                    .max().orElse(back);
            long stored = 0;
            for (int i = 0; i < PAIRS; i++) {
                stored += cluster.b.api.get("/api/v1/conversations/" + conversations.get(i) + "/messages?limit=1",
                        recipients.get(i).token()).body().at("/items/0/seq").asLong();
            }
            long delivered = received.values().stream().mapToInt(Set::size).sum();
            long duplicates = copies.values().stream().mapToInt(c -> c - 1).sum();
            System.out.printf("redis outage: acknowledged %d (%d during the outage), stored %d, delivered %d, "
                            + "duplicates %d; outage %.1f s; the last message held back arrived %.2f s after Redis returned%n",
                    acked.size(), heldBack.size(), stored, delivered, duplicates, (back - down) / 1e9,
                    (lastDuringOutage - back) / 1e9);
            Set<String> all = ConcurrentHashMap.newKeySet();
            received.values().forEach(all::addAll);
            assertThat(all).containsAll(acked);
            assertThat(stored).isEqualTo(acked.size());
            assertThat(duplicates).isZero();
            assertThat(heldBack).as("sending goes on without Redis").isNotEmpty();
            assertThat(lastDuringOutage - back).as("delivery resumes within 5 s of Redis's return")
                    .isLessThan(Duration.ofSeconds(5).toNanos());
            sockets.forEach(Socket::close);
        }
    }

    /** Takes what the sockets have received so far: message ids per socket, copies, arrival times. */
    private static void collect(List<Socket> sockets, Map<String, Set<String>> received, Map<String, Integer> copies,
                                Map<String, Long> arrivedAt) {
        for (int i = 0; i < sockets.size(); i++) {
            for (JsonNode f : sockets.get(i).drain(Duration.ofMillis(50))) {
                if ("message.created".equals(f.at("/event/type").asText())) {
                    String id = f.at("/event/data/message/id").asText();
                    received.computeIfAbsent("r" + i, k -> ConcurrentHashMap.newKeySet()).add(id);
                    copies.merge(id, 1, Integer::sum);
                    arrivedAt.putIfAbsent(id, System.nanoTime());
                }
            }
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
