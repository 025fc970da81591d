package dev.parley.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api.Person;
import dev.parley.testing.ChildNode;
import dev.parley.testing.RedisServer;
import dev.parley.testing.Socket;
import dev.parley.testing.TestNode;
import dev.parley.testing.TestStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What a node killed with kill -9 leaves behind in Redis must stop counting: its sockets in their
 * accounts' socket cap (they pushed live devices out with 4429 for a day), and its people's
 * presence (their contacts saw them online until they reconnected themselves). An outside probe
 * of a three-node cluster found both.
 */
@Tag("postgres-only")
class NodeCrashClusterTest {
    static RedisServer redis;
    static String pg;
    static TestNode survivor;
    static ChildNode doomed;

    @BeforeAll
    static void up() throws Exception {
        redis = RedisServer.start();
        pg = TestStores.freshPostgresSchema();
        Map<String, String> settings = Map.of("database_url", pg, "database_pool_size", "8",
                "redis_url", redis.url(), "stream.max_sockets_per_account", "2", "inbox.triage", "off");
        survivor = TestNode.start(settings);
        Map<String, String> env = new HashMap<>();
        settings.forEach((k, v) -> env.put("PARLEY_" + k.toUpperCase().replace('.', '_'), v));
        Path dir = Files.createTempDirectory("parley-node-crash");
        env.put("PARLEY_DATA_DIR", dir.resolve("child").toString());
        env.put("PARLEY_NODE_ID", "doomed");
        doomed = new ChildNode(env, dir.resolve("doomed.log"));
        doomed.start();
    }

    @AfterAll
    static void down() {
        doomed.close(); // already killed: a no-op
        survivor.close();
        redis.close();
        TestStores.dropSchema(pg);
    }

    /**
     * One crash, both leftovers (a child node takes seconds to start): Ann's laptop and Carol's only
     * socket were on the node that dies; Ann's phone and Bob, Carol's contact, on the survivor.
     */
    @Test
    void aCrashedNodesSocketsPushOutNoLiveDeviceAndItsPeopleAreToldOffline() {
        Person ann = survivor.api.signUp("ann_crash");
        Person bob = survivor.api.signUp("bob_sees");
        Person carol = survivor.api.signUp("carol_gone");
        survivor.api.setDmPolicy(ann, "everyone");
        survivor.api.setDmPolicy(carol, "everyone");
        String dm = survivor.api.open(bob, ann);
        survivor.api.open(bob, carol);
        try (Socket phone = Socket.open(survivor, ann.token());
             Socket laptop = Socket.open(wsUrl(doomed), ann.token());
             Socket bobOnSurvivor = Socket.open(survivor, bob.token());
             Socket carolOnDoomed = Socket.open(wsUrl(doomed), carol.token())) {
            survivor.api.send(bob, dm, "are you there?").expect(201);
            phone.awaitEvent("message.created"); // both of Ann's sockets are registered, one on each node
            laptop.awaitEvent("message.created");
            bobOnSurvivor.await(f -> presenceOf(f, carol) && f.path("online").asBoolean());

            doomed.kill();
            assertThat(laptop.awaitClose(Duration.ofSeconds(10))).isNotEqualTo(4429);
            // The laptop reconnects to the survivor at once: two live sockets and the dead one make
            // three, over the cap of two, and neither live one may go.
            try (Socket laptopAgain = Socket.open(survivor, ann.token())) {
                JsonNode offline = bobOnSurvivor.await(f -> presenceOf(f, carol) && !f.path("online").asBoolean(true),
                        Duration.ofSeconds(40));
                assertThat(offline.path("online").asBoolean(true)).as("Carol's contacts hear she went offline").isFalse();
                phone.drain(Duration.ofSeconds(1)); // well past the cluster's judgement of the count (3.5 s)
                assertThat(phone.isClosed()).as("the phone, live on the surviving node, kept its socket").isFalse();
                assertThat(laptopAgain.isClosed()).isFalse();
            }
        }
    }

    private static boolean presenceOf(JsonNode frame, Person who) {
        return "presence".equals(frame.path("type").asText()) && who.id().equals(frame.path("account_id").asText());
    }

    private static String wsUrl(ChildNode node) {
        return node.api.base().replace("http://", "ws://") + "/api/v1/stream";
    }
}
