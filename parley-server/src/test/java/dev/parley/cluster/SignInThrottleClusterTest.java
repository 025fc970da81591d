package dev.parley.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Api;
import dev.parley.testing.MutableClock;
import dev.parley.testing.TestNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Failed sign-ins count on every node (Redis holds them): spreading guesses over the nodes of a
 * cluster gains an attacker nothing, and the owner still signs in from elsewhere.
 */
@Tag("postgres-only")
class SignInThrottleClusterTest {
    private static final String PW = "correct horse battery";
    private static Cluster cluster;

    @BeforeAll
    static void up() {
        cluster = new Cluster(Map.of("trusted_proxies", "127.0.0.1"));
    }

    @AfterAll
    static void down() {
        cluster.close();
    }

    private static Api.Res signIn(TestNode node, String handle, String password, String address) {
        return node.api.call("POST", "/api/v1/sessions", null, Map.of("handle", handle, "password", password),
                Map.of("X-Forwarded-For", address));
    }

    @Test
    void failuresOnBothNodesAddUpAndLockThePairOnBoth() {
        cluster.a.api.signUp("vic_cl");
        for (int i = 0; i < 5; i++) {
            TestNode node = i % 2 == 0 ? cluster.a : cluster.b;
            assertThat(signIn(node, "vic_cl", "guess " + i, "203.0.113.30").status()).isEqualTo(401);
        }
        for (TestNode node : new TestNode[] {cluster.a, cluster.b}) {
            Api.Res locked = signIn(node, "vic_cl", PW, "203.0.113.30");
            assertThat(locked.status()).isEqualTo(429);
            assertThat(locked.code()).isEqualTo("too_many_sign_in_attempts");
            assertThat(locked.http().headers().firstValue("Retry-After")).isPresent();
        }
        assertThat(signIn(cluster.b, "vic_cl", PW, "198.51.100.30").status()).isEqualTo(201);
    }

    @Test
    void theWaitDoublesWhicheverNodeTheGuessesGoTo() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-03T02:00:00Z"));
        Map<String, String> s = Map.of("database_url", cluster.pg, "database_pool_size", "8",
                "redis_url", cluster.redis.url(), "trusted_proxies", "127.0.0.1");
        try (TestNode c = TestNode.start(s, clock); TestNode d = TestNode.start(s, clock)) {
            c.api.signUp("vic_cl3");
            for (int i = 0; i < 5; i++) {
                signIn(i % 2 == 0 ? c : d, "vic_cl3", "guess " + i, "203.0.113.32");
            }
            assertThat(signIn(d, "vic_cl3", PW, "203.0.113.32").http().headers().firstValue("Retry-After")).hasValue("60");
            long lock = 60;
            TestNode[] nodes = {c, d};
            int turn = 0;
            for (long expected : new long[] {120, 240, 480, 900, 900}) {
                clock.advance(Duration.ofSeconds(lock + 1));
                assertThat(signIn(nodes[turn++ % 2], "vic_cl3", "guess", "203.0.113.32").status()).isEqualTo(401);
                Api.Res locked = signIn(nodes[turn % 2], "vic_cl3", PW, "203.0.113.32");
                assertThat(locked.status()).isEqualTo(429);
                assertThat(locked.http().headers().firstValue("Retry-After")).hasValue(String.valueOf(expected));
                lock = expected;
            }
            clock.advance(Duration.ofSeconds(lock + 1));
            assertThat(signIn(c, "vic_cl3", PW, "203.0.113.32").status()).isEqualTo(201);
            // A success forgets the pair's failures: the next wrong guess is the first again.
            assertThat(signIn(d, "vic_cl3", "guess", "203.0.113.32").status()).isEqualTo(401);
            assertThat(signIn(d, "vic_cl3", PW, "203.0.113.32").status()).isEqualTo(201);
        }
    }

    @Test
    void aHundredFailuresSpreadOverTheNodesLockTheAddress() {
        cluster.a.api.signUp("vic_cl2");
        for (int i = 0; i < 100; i++) {
            TestNode node = i % 2 == 0 ? cluster.a : cluster.b;
            assertThat(signIn(node, "spray_cl_" + i, "guess", "203.0.113.31").status()).isEqualTo(401);
        }
        assertThat(signIn(cluster.a, "vic_cl2", PW, "203.0.113.31").status()).isEqualTo(429);
        assertThat(signIn(cluster.b, "vic_cl2", PW, "203.0.113.31").status()).isEqualTo(429);
        assertThat(signIn(cluster.a, "vic_cl2", PW, "198.51.100.31").status()).isEqualTo(201);
    }
}
