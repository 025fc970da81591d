package dev.parley.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.parley.account.JdbcAccountStore;
import dev.parley.testing.Api;
import dev.parley.testing.Eventually;
import dev.parley.testing.TestNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * An app's events on two nodes: a long-poll on one node wakes for an event written on the other,
 * and the app's webhook gets each transaction from one node, in order, with no event twice.
 */
@Tag("postgres-only")
class AppEventsClusterTest {
    static final Map<String, String> SETTINGS = Map.of("outbound.allow_private_addresses", "on",
            "app.webhook_retry_base", "200ms", "app.webhook_lease", "3s");

    @Test
    void longPollsWakeAcrossNodesAndTheWebhookIsDeliveredOnceInOrder() throws Exception {
        List<JsonNode> accepted = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newCachedThreadPool()); // both nodes could call at once, were it allowed
        receiver.createContext("/hook", ex -> {
            try (ex) {
                accepted.add(Api.JSON.readTree(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                ex.sendResponseHeaders(200, -1);
            }
        });
        receiver.start();
        try (Cluster cluster = new Cluster(SETTINGS)) {
            TestNode a = cluster.a;
            TestNode b = cluster.b;
            Api.Person root = a.api.signUp("keeper_cluster");
            new JdbcAccountStore(a.node().database(), Clock.systemUTC()).setAdmin(root.id(), true);
            String secret = a.api.post("/api/v1/admin/apps", root.token(), Map.of("name", "clustered")).expect(201)
                    .body().get("secret").asText();
            for (String u : List.of("ann", "bob")) {
                a.api.call("PUT", "/api/v1/app/users/" + u, secret, Map.of("display_name", u)).expect(201);
            }
            a.api.call("PUT", "/api/v1/app/graph/follows", secret, Map.of("edges",
                    List.of(Map.of("from", "ann", "to", "bob"), Map.of("from", "bob", "to", "ann")))).expect(200);
            a.api.call("PUT", "/api/v1/app/webhook", secret, Map.of("url",
                    "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook", "secret", "0123456789abcdef",
                    "types", List.of("message.created"))).expect(201);
            String bob = a.api.call("GET", "/api/v1/app/users/bob", secret, null).body().get("id").asText();
            String c = a.api.call("POST", "/api/v1/conversations", secret, Map.of("member_ids", List.of(bob)),
                    Map.of("X-Parley-User", "ann")).body().get("id").asText();

            // A long-poll on b, an event written on a.
            String next = b.api.call("GET", "/api/v1/app/events", secret, null).expect(200).body().get("next").asText();
            CompletableFuture<JsonNode> polled = CompletableFuture.supplyAsync(() ->
                    b.api.call("GET", "/api/v1/app/events?wait=30&after=" + next, secret, null).expect(200).body());
            Eventually.sleep(Duration.ofMillis(300));
            send(a, secret, "ann", c, "from a");
            JsonNode page = polled.get(10, TimeUnit.SECONDS);
            assertThat(page.get("items")).extracting(e -> e.get("type").asText()).containsExactly("message.created");

            // Messages written on both nodes: every one reaches the webhook once, in feed order.
            for (int i = 0; i < 10; i++) {
                send(i % 2 == 0 ? a : b, secret, i % 2 == 0 ? "ann" : "bob", c, "m" + i);
            }
            Eventually.await("all 11 messages were delivered", Duration.ofSeconds(30), () -> ids(accepted).size() >= 11);
            Eventually.sleep(Duration.ofSeconds(1)); // a second node delivering too would show by now
            List<Long> ids = ids(accepted);
            assertThat(ids).hasSize(11).isSorted().doesNotHaveDuplicates();
            List<Long> txns = accepted.stream().map(t -> t.get("txn_id").asLong()).toList();
            assertThat(txns).isSorted().doesNotHaveDuplicates();
        } finally {
            receiver.stop(0);
        }
    }

    private static void send(TestNode n, String secret, String user, String c, String text) {
        n.api.call("POST", "/api/v1/conversations/" + c + "/messages", secret,
                Map.of("client_id", UUID.randomUUID().toString(), "text", text), Map.of("X-Parley-User", user)).expect(201);
    }

    private static List<Long> ids(List<JsonNode> accepted) {
        List<Long> ids = new ArrayList<>();
        accepted.forEach(t -> t.get("events").forEach(e -> ids.add(e.get("id").asLong())));
        return ids;
    }
}
