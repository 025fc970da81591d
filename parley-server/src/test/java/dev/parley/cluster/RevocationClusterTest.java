package dev.parley.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Api.Person;
import dev.parley.testing.Socket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Access is decided for the cluster, not per node: ending it on one node closes sockets on the
 * other, and the per-account socket cap counts both nodes' sockets.
 */
@Tag("postgres-only")
class RevocationClusterTest {
    private static Cluster cluster;

    @BeforeAll
    static void up() {
        cluster = new Cluster(Map.of("stream.max_sockets_per_account", "2"));
    }

    @AfterAll
    static void down() {
        cluster.close();
    }

    @Test
    void signingOutOnOneNodeClosesTheSocketOnTheOther() {
        Person ann = cluster.a.api.signUp("ann_rv1");
        Person bob = cluster.a.api.signUp("bob_rv1");
        cluster.a.api.setDmPolicy(bob, "everyone");
        String dm = cluster.a.api.open(ann, bob);
        try (Socket onB = Socket.open(cluster.b, bob.token())) {
            cluster.a.api.send(ann, dm, "are you there").expect(201);
            onB.awaitEvent("message.created");
            // B has the token cached by now (the upgrade read it): only the revocation can close it.
            assertThat(cluster.b.api.get("/api/v1/me", bob.token()).status()).isEqualTo(200);

            cluster.a.api.delete("/api/v1/sessions/current", bob.token()).expect(204);

            assertThat(onB.awaitClose(Duration.ofSeconds(2))).isEqualTo(4401);
            assertThat(cluster.b.api.get("/api/v1/me", bob.token()).status()).isEqualTo(401);
        }
    }

    @Test
    void theCapCountsSocketsOnBothNodesAndClosesTheOldestWhereverItIs() throws Exception {
        Person ann = cluster.a.api.signUp("ann_cap1");
        try (Socket oldestOnA = Socket.open(cluster.a, ann.token())) {
            Thread.sleep(5);
            try (Socket onB = Socket.open(cluster.b, ann.token())) {
                Thread.sleep(5);
                try (Socket newestOnB = Socket.open(cluster.b, ann.token())) {
                    assertThat(oldestOnA.awaitClose(Duration.ofSeconds(10))).isEqualTo(4429); // judged after SocketCap.settle()
                    assertThat(onB.isClosed()).isFalse();
                    assertThat(newestOnB.isClosed()).isFalse();
                }
            }
        }
    }

    @Test
    void theAdminCommandSuspendingAnAccountClosesItsSocketsOnTheRunningNodes() throws Exception {
        Person ann = cluster.a.api.signUp("ann_susp1");
        try (Socket onA = Socket.open(cluster.a, ann.token()); Socket onB = Socket.open(cluster.b, ann.token())) {
            java.nio.file.Path conf = java.nio.file.Files.createTempFile("parley", ".conf");
            java.nio.file.Files.writeString(conf, "database_url=" + cluster.pg + "\nredis_url=" + cluster.redis.url() + "\n");
            int code = new picocli.CommandLine(new dev.parley.Main()).execute("admin", "suspend", ann.handle(),
                    "--config", conf.toString());
            assertThat(code).isZero();
            // Redis reaches the running nodes at once; without it the nodes' sweep would (within 10 s).
            assertThat(onA.awaitClose(Duration.ofSeconds(2))).isEqualTo(4401);
            assertThat(onB.awaitClose(Duration.ofSeconds(2))).isEqualTo(4401);
            assertThat(cluster.b.api.get("/api/v1/me", ann.token()).status()).isEqualTo(401);
        }
    }
}
