package dev.parley.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.account.JdbcAccountStore;
import dev.parley.testing.Api;
import dev.parley.testing.Eventually;
import dev.parley.testing.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Erasure in a cluster: asked on one node, the account's socket on the other closes at once; the
 * node working the job stops midway and the other node finishes it, each message erased once.
 */
@Tag("postgres-only")
class ErasureClusterTest {

    @Test
    void theOtherNodeClosesTheSocketAndFinishesTheJobWhenTheFirstStops() {
        try (Cluster cluster = new Cluster(Map.of("erasure.batch_size", "1"))) {
            Api a = cluster.a.api;
            Api.Person root = a.signUp("keeper_erase");
            new JdbcAccountStore(cluster.a.node().database(), Clock.systemUTC()).setAdmin(root.id(), true);
            Api.Person ann = a.signUp("ann_erase");
            Api.Person bob = a.signUp("bob_erase");
            a.befriend(ann, bob);
            String dm = a.open(ann, bob);
            int sent = 80;
            for (int i = 0; i < sent; i++) {
                a.send(ann, dm, "clustered secret " + i).expect(201);
            }
            try (Socket onB = Socket.open(cluster.b, ann.token())) {
                String id = a.delete("/api/v1/admin/accounts/" + ann.id(), root.token()).expect(202).body()
                        .get("id").asText();
                assertThat(onB.awaitClose(Duration.ofSeconds(5))).isEqualTo(4401);
                cluster.a.close(); // a stops between batches and lets go of its lease
                JsonNode job = Eventually.await("b finishes the erasure", Duration.ofSeconds(60),
                        () -> cluster.b.api.get("/api/v1/admin/erasures/" + id, root.token()).expect(200).body(),
                        b -> b.get("status").asText().equals("done"));
                assertThat(job.get("messages_erased").asLong()).isEqualTo(sent);
            }
            assertThat(cluster.b.api.get("/api/v1/conversations/" + dm + "/messages?limit=200", bob.token()).raw())
                    .doesNotContain("clustered secret");
        }
    }
}
