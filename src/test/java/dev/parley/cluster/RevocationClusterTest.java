package dev.parley.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Api.Person;
import dev.parley.testing.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Ending access on one node ends it on the other: sockets there close, not only HTTP calls. */
@Tag("postgres-only")
class RevocationClusterTest {
    private static Cluster cluster;

    @BeforeAll
    static void up() {
        cluster = new Cluster();
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
}
