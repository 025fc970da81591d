package dev.parley.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.channels.GraphStub;
import dev.parley.channels.MetaFixtures;
import dev.parley.testing.Api;
import dev.parley.testing.Eventually;
import dev.parley.testing.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two nodes work the channels' delivery queue at once: a customer's first two messages, delivered
 * to each node at the same moment, make one contact and one conversation (the contact's key and
 * the pair's conversation key are unique; the loser reads the winner's).
 */
@Tag("postgres-only")
class ChannelClusterTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void twoFirstDeliveriesOnTwoNodesAtOnceMakeOneContactAndOneConversation() throws Exception {
        try (GraphStub graph = new GraphStub();
             Cluster cluster = new Cluster(Map.of("channels.meta.app_secret", MetaFixtures.SECRET,
                     "channels.meta.graph_url", graph.url(), "outbound.allow_private_addresses", "on"))) {
            graph.profile("4242", "{\"name\":\"Cluster Page\",\"id\":\"4242\"}");
            Api api = cluster.a.api;
            Api.Person owner = api.signUp("chc_owner");
            String shop = api.post("/api/v1/businesses", owner.token(), Map.of("handle", "chc_shop",
                    "display_name", "Shop")).expect(201).body().at("/business/id").asText();
            String base = "/api/v1/businesses/" + shop;
            api.post(base + "/channels", owner.token(), Map.of("network", "messenger", "external_id", "4242",
                    "access_token", "tok")).expect(201);
            int customers = 5;
            for (int i = 0; i < customers; i++) {
                CyclicBarrier together = new CyclicBarrier(2);
                String user = "90" + i;
                String first = "m_a" + i;
                String second = "m_b" + i;
                CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> deliver(cluster.a, together, user, first));
                CompletableFuture<Integer> b = CompletableFuture.supplyAsync(() -> deliver(cluster.b, together, user, second));
                assertThat(List.of(a.get(), b.get())).containsOnly(200);
            }
            JsonNode list = Eventually.await("every customer's two messages", Duration.ofSeconds(60),
                    () -> api.get(base + "/conversations?limit=50", owner.token()).expect(200).body().get("items"),
                    items -> items.size() >= customers && total(api, base, owner, items) == 2 * customers);
            assertThat(list).hasSize(customers);
        }
    }

    private static int total(Api api, String base, Api.Person owner, JsonNode conversations) {
        int n = 0;
        for (JsonNode c : conversations) {
            n += api.get(base + "/conversations/" + c.get("id").asText() + "/messages", owner.token()).expect(200)
                    .body().get("items").size();
        }
        return n;
    }

    private static int deliver(TestNode node, CyclicBarrier together, String user, String mid) {
        byte[] body = MetaFixtures.body("messenger-text", Map.of("__PAGE__", "4242", "__USER__", user, "__MID__", mid,
                "__TS__", String.valueOf(System.currentTimeMillis()), "__TEXT__", "hello from " + mid));
        HttpRequest r = HttpRequest.newBuilder(URI.create(node.api.base() + "/api/v1/channels/messenger/webhook"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("X-Hub-Signature-256", MetaFixtures.sign(MetaFixtures.SECRET, body)).build();
        try {
            together.await();
            return HTTP.send(r, HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
