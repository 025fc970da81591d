package dev.parley.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.channels.GraphStub;
import dev.parley.channels.MetaFixtures;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Eventually;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 23: two deliveries for one person reach the conversation in the order the network sent
 * them, though two nodes claim from the one queue. The first delivery is slow to work (it also
 * holds a new customer's message, whose profile the Graph API is slow to give); the second comes to
 * the other node meanwhile, which must wait for the first rather than write its message ahead.
 */
@Tag("postgres-only")
class ChannelOrderClusterTest {
    static final Duration WAIT = Duration.ofSeconds(40);

    @Test
    void aPersonsDeliveriesReachTheThreadInOrderAcrossTwoNodes() throws Exception {
        try (GraphStub graph = new GraphStub();
             Cluster cluster = new Cluster(Map.of("channels.meta.app_secret", MetaFixtures.SECRET,
                     "channels.meta.graph_url", graph.url(), "outbound.allow_private_addresses", "on",
                     "inbox.triage", "off"))) {
            Api a = cluster.a.api;
            Person owner = a.signUp("cho_owner");
            String business = a.post("/api/v1/businesses", owner.token(), Map.of("handle", "cho_shop",
                    "display_name", "Order Shop")).expect(201).body().at("/business/id").asText();
            String base = "/api/v1/businesses/" + business;
            String page = "3000777";
            graph.profile(page, "{\"name\":\"Order Page\",\"id\":\"" + page + "\"}");
            a.post(base + "/channels", owner.token(), Map.of("network", "messenger", "external_id", page,
                    "access_token", "tok")).expect(201);
            graph.slowProfile("9001", Duration.ofSeconds(3));

            // One delivery: a new customer's message (a slow profile), then the person's first message.
            ObjectNode first = (ObjectNode) Api.JSON.readTree(text(page, "9001", "m_other", "hello from someone else"));
            JsonNode mine = Api.JSON.readTree(text(page, "9002", "m_one", "one"));
            ((ArrayNode) first.at("/entry/0/messaging")).add(mine.at("/entry/0/messaging/0"));
            post(cluster.a.api, Api.JSON.writeValueAsBytes(first));
            post(cluster.b.api, text(page, "9002", "m_two", "two"));

            List<String> thread = Eventually.await("both of the person's messages", WAIT, () -> {
                JsonNode items = a.get(base + "/conversations", owner.token()).expect(200).body().get("items");
                for (JsonNode c : items) {
                    List<String> texts = new ArrayList<>();
                    a.get(base + "/conversations/" + c.get("id").asText() + "/messages", owner.token()).expect(200)
                            .body().get("items").forEach(m -> texts.add(m.get("text").asText()));
                    if (texts.contains("one") || texts.contains("two")) {
                        return texts;
                    }
                }
                return List.<String>of();
            }, l -> l.size() == 2);
            assertThat(thread).containsExactly("one", "two");
        }
    }

    private static byte[] text(String page, String user, String mid, String text) {
        return MetaFixtures.body("messenger-text", Map.of("__PAGE__", page, "__USER__", user, "__MID__", mid,
                "__TEXT__", text, "__TS__", String.valueOf(System.currentTimeMillis())));
    }

    private static void post(Api node, byte[] body) throws IOException, InterruptedException {
        HttpRequest r = HttpRequest.newBuilder(URI.create(node.base() + "/api/v1/channels/messenger/webhook"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", MetaFixtures.sign(MetaFixtures.SECRET, body)).build();
        assertThat(HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
}
