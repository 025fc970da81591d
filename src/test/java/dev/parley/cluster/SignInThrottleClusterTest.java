package dev.parley.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Api;
import dev.parley.testing.TestNode;
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
