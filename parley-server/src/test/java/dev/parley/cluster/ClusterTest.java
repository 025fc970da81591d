package dev.parley.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Eventually;
import dev.parley.testing.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two nodes behind no load balancer at all: whatever a client does on one node holds on the
 * other. Needs PostgreSQL (the shared store) and redis-server (started privately), so it runs in
 * the PostgreSQL pass of the suite only.
 */
@Tag("postgres-only")
class ClusterTest {
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
    void aMessageSentThroughOneNodeReachesASocketOnTheOther() {
        Person ann = cluster.a.api.signUp("ann_c1");
        Person bob = cluster.b.api.signUp("bob_c1");
        cluster.a.api.setDmPolicy(bob, "everyone");
        String conversation = cluster.a.api.open(ann, bob);
        try (Socket onB = Socket.open(cluster.b, bob.token())) {
            cluster.a.api.send(ann, conversation, "across the cluster").expect(201);
            JsonNode e = onB.awaitEvent("message.created");
            assertThat(e.at("/event/data/message/text").asText()).isEqualTo("across the cluster");
        }
    }

    @Test
    void aSendOverASocketOnOneNodeIsPushedToTheRecipientOnTheOther() {
        Person ann = cluster.a.api.signUp("ann_c2");
        Person bob = cluster.a.api.signUp("bob_c2");
        cluster.a.api.setDmPolicy(bob, "everyone");
        String conversation = cluster.a.api.open(ann, bob);
        try (Socket annOnA = Socket.open(cluster.a, ann.token()); Socket bobOnB = Socket.open(cluster.b, bob.token())) {
            annOnA.send("{\"type\":\"send\",\"conversation_id\":\"" + conversation
                    + "\",\"client_id\":\"k1\",\"text\":\"over the wire\"}");
            annOnA.await(f -> "sent".equals(f.path("type").asText()));
            assertThat(bobOnB.awaitEvent("message.created").at("/event/data/message/client_id").asText()).isEqualTo("k1");
        }
    }

    @Test
    void aTicketFromOneNodeOpensAStreamOnTheOtherOnce() {
        Person ann = cluster.a.api.signUp("ann_c3");
        String ticket = cluster.a.api.post("/api/v1/stream/tickets", ann.token(), null).expect(201).body()
                .get("ticket").asText();
        try (Socket s = Socket.open(cluster.b, null, "ticket=" + ticket)) {
            assertThat(s.isClosed()).isFalse();
        }
        assertThatThrownBy(() -> Socket.open(cluster.a, null, "ticket=" + ticket)).as("a used ticket").isNotNull();
    }

    @Test
    void anAgentRemovedOnOneNodeLosesTheBusinessStreamOnTheOther() throws InterruptedException {
        Person owner = cluster.a.api.signUp("own_c9");
        Person agent = cluster.a.api.signUp("agent_c9");
        String shop = cluster.a.api.post("/api/v1/businesses", owner.token(),
                java.util.Map.of("handle", "shop_c9", "display_name", "Shop")).expect(201).body().at("/business/id").asText();
        cluster.a.api.joinTeam(owner, shop, agent, "agent");
        try (Socket onB = Socket.open(cluster.b, agent.token(), "business=" + shop)) {
            assertThat(onB.isClosed()).isFalse();
            cluster.a.api.delete("/api/v1/businesses/" + shop + "/agents/" + agent.id(), owner.token()).expect(204);
            Eventually.await("the removed agent's socket on the other node is closed", Duration.ofSeconds(10),
                    onB::isClosed);
        }
        try (Socket mine = Socket.open(cluster.b, agent.token())) {
            assertThat(mine.isClosed()).as("their own stream stays theirs").isFalse();
        }
    }

    @Test
    void signingOutOnOneNodeStopsTheTokenOnTheOther() {
        Person ann = cluster.a.api.signUp("ann_c4");
        cluster.b.api.get("/api/v1/me", ann.token()).expect(200); // now cached on b
        cluster.a.api.delete("/api/v1/sessions/current", ann.token()).expect(204);
        awaitStatus(cluster.b.api, ann.token(), 401);
    }

    @Test
    void presenceIsSharedAcrossNodes() {
        Person ann = cluster.a.api.signUp("ann_c5");
        Person bob = cluster.b.api.signUp("bob_c5");
        cluster.a.api.setDmPolicy(bob, "everyone");
        cluster.a.api.open(ann, bob);
        try (Socket annOnA = Socket.open(cluster.a, ann.token()); Socket bobOnB = Socket.open(cluster.b, bob.token())) {
            JsonNode online = bobOnB.await(f -> "presence".equals(f.path("type").asText())
                    && ann.id().equals(f.path("account_id").asText()));
            assertThat(online.path("online").asBoolean()).isTrue();
        }
    }

    /** Revocation travels as a signal; wait for it rather than sleep a guess. */
    private static void awaitStatus(Api api, String token, int status) {
        Eventually.await("status " + status + " on the other node", Duration.ofSeconds(10),
                () -> api.get("/api/v1/me", token).status(), last -> last == status);
    }
}
