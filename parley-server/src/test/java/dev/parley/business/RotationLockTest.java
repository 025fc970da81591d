package dev.parley.business;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.store.Database;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Eventually;
import dev.parley.testing.TestNode;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two nodes assigning at once: the second waits for the first's locks on the agents and must
 * then see the turn the first one took, not the order it sorted before waiting. PostgreSQL only:
 * it is about row locks between transactions; SQLite has one writer.
 */
@Tag("postgres-only")
class RotationLockTest {

    @Test
    void aNodeThatWaitedForTheAgentsLocksPicksTheNextAgentNotTheOneJustGivenAConversation() throws Exception {
        try (TestNode node = TestNode.start()) {
            Api api = node.api;
            Person owner = api.signUp("rot_owner");
            String shop = api.post("/api/v1/businesses", owner.token(), Map.of("handle", "rot_shop", "display_name", "Shop"))
                    .expect(201).body().at("/business/id").asText();
            Person second = api.signUp("rot_second");
            Person third = api.signUp("rot_third");
            Database db = node.node().database();
            long later = System.currentTimeMillis() + 60_000; // after the owner, so the turn starts with the owner
            db.writeVoid(h -> {
                h.execute("INSERT INTO business_agents (business_id, account_id, role, created_at) VALUES (?, ?, 'agent', ?)",
                        shop, second.id(), later);
                h.execute("INSERT INTO business_agents (business_id, account_id, role, created_at) VALUES (?, ?, 'agent', ?)",
                        shop, third.id(), later + 1);
            });
            BusinessStore store = new BusinessStore(db, Clock.systemUTC());
            ExecutorService nodes = Executors.newFixedThreadPool(2);
            try {
                CountDownLatch taken = new CountDownLatch(1);
                CountDownLatch commit = new CountDownLatch(1);
                Future<String> first = nodes.submit(() -> db.write(h -> {
                    String picked = store.rotation(h, shop).get(0).accountId();
                    store.takeTurn(h, shop, picked);
                    taken.countDown();
                    awaitQuietly(commit);
                    return picked;
                }));
                assertThat(taken.await(10, TimeUnit.SECONDS)).isTrue();
                Future<String> next = nodes.submit(() -> db.write(h -> store.rotation(h, shop).get(0).accountId()));
                awaitWaitingForALock(db);
                commit.countDown();
                assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(owner.id());
                assertThat(next.get(10, TimeUnit.SECONDS)).as("the next in turn, not the owner again").isEqualTo(second.id());
            } finally {
                nodes.shutdownNow();
            }
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Until the second transaction is blocked on the first one's row locks. */
    private static void awaitWaitingForALock(Database db) {
        Eventually.await("the second transaction waits for the agents' locks", Duration.ofSeconds(10),
                () -> db.read(h -> h.createQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                        + "AND query LIKE '%business_agents%'").mapTo(Integer.class).one()) > 0);
    }
}
