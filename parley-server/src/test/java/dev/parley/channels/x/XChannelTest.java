package dev.parley.channels.x;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Eventually;
import dev.parley.testing.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A business's X direct messages through the channel core on a real node, X's API stubbed on
 * 127.0.0.1: the CRC check on the webhook route, a customer's DM into the inbox, and the agent's
 * reply going out — renewing the access token with the refresh token once X refuses it, so an
 * expired two-hour token never strands a reply.
 */
class XChannelTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String BUSINESS_X_ID = "4337869213"; // the fixture's for_user_id
    static final String CUSTOMER_X_ID = "3001969357";
    static XStub x;
    static TestNode node;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        x = new XStub();
        node = TestNode.start(Map.of("channels.x.consumer_secret", XFixtures.SECRET, "channels.x.client_id", "cid",
                "channels.x.client_secret", "csecret", "channels.x.api_url", x.base(),
                "outbound.allow_private_addresses", "on"), Clock.systemUTC());
        api = node.api;
    }

    @AfterAll
    static void stop() {
        node.close();
        x.close();
    }

    private static HttpResponse<String> webhook(String method, String query, byte[] body, String signature) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/channels/x/webhook" + query));
        if (body != null) {
            b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json");
        }
        if (signature != null) {
            b.header("x-twitter-webhooks-signature", signature);
        }
        return HttpClient.newHttpClient().send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theCrcCheckIsAnsweredWithTheSecretsHmac() throws Exception {
        HttpResponse<String> r = webhook("GET", "?crc_token=challenge-123", null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(XFixtures.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "sha256=" + Base64.getEncoder().encodeToString(
                mac.doFinal("challenge-123".getBytes(StandardCharsets.UTF_8)));
        assertThat(dev.parley.http.Json.MAPPER.readTree(r.body()).get("response_token").asText()).isEqualTo(expected);
        assertThat(webhook("GET", "", null, null).statusCode()).isEqualTo(403);
    }

    @Test
    void aCustomersDmReachesTheInboxAndTheReplyGoesOutOnARenewedToken() throws Exception {
        Person owner = api.signUp("xch_owner");
        String business = api.post("/api/v1/businesses", owner.token(), Map.of("handle", "xch_shop",
                "display_name", "X Shop")).expect(201).body().at("/business/id").asText();
        String base = "/api/v1/businesses/" + business;
        api.post(base + "/channels", owner.token(), Map.of("network", "x", "external_id", BUSINESS_X_ID,
                "access_token", "old-token", "refresh_token", "refresh-1")).expect(201);
        x.on("GET /2/users/" + CUSTOMER_X_ID, 200,
                "{\"data\":{\"id\":\"" + CUSTOMER_X_ID + "\",\"name\":\"Jordan Brinks\",\"username\":\"furiouscamper\"}}");

        byte[] dm = XFixtures.load("aaa-message.json");
        assertThat(webhook("POST", "", dm, XFixtures.sign(dm, "not-the-secret")).statusCode()).isEqualTo(401);
        assertThat(webhook("POST", "", dm, XFixtures.sign(dm, XFixtures.SECRET)).statusCode()).isEqualTo(200);

        String c = Eventually.await("the X conversation", WAIT,
                () -> api.get(base + "/conversations", owner.token()).expect(200).body().get("items"),
                items -> items.size() > 0).get(0).get("id").asText();
        JsonNode first = Eventually.await("the customer's DM", WAIT,
                () -> api.get(base + "/conversations/" + c + "/messages", owner.token()).expect(200).body().get("items"),
                items -> items.size() > 0).get(0);
        assertThat(first.get("text").asText()).startsWith("Bonjour, ça marche ? 👋");

        // X refuses the old token once; the refresh token gets a new one and the reply goes out on it.
        x.on("POST /2/dm_conversations/with/" + CUSTOMER_X_ID + "/messages",
                XStub.Answer.json(401, "{\"title\":\"Unauthorized\",\"type\":\"about:blank\",\"status\":401}"),
                XStub.Answer.json(201, "{\"data\":{\"dm_conversation_id\":\"c-1\",\"dm_event_id\":\"e-1\"}}"));
        x.on("POST /2/oauth2/token", 200, "{\"token_type\":\"bearer\",\"expires_in\":7200,\"access_token\":\"new-token\","
                + "\"refresh_token\":\"refresh-2\",\"scope\":\"dm.read dm.write\"}");
        api.post(base + "/conversations/" + c + "/messages", owner.token(),
                Map.of("client_id", "x-reply-1", "text", "Merci, on regarde ça !")).expect(201);

        var sends = Eventually.await("the reply on X", WAIT,
                () -> x.heard("POST", "/2/dm_conversations/with/" + CUSTOMER_X_ID + "/messages"), l -> l.size() == 2);
        assertThat(sends.get(0).header("authorization")).isEqualTo("Bearer old-token");
        assertThat(sends.get(1).header("authorization")).isEqualTo("Bearer new-token");
        assertThat(sends.get(1).text()).contains("Merci, on regarde ça !");
        assertThat(x.heard("POST", "/2/oauth2/token").get(0).text())
                .contains("grant_type=refresh_token").contains("refresh_token=refresh-1");
        JsonNode channel = api.get(base + "/channels", owner.token()).expect(200).body().get("items").get(0);
        assertThat(channel.get("state").asText()).isEqualTo("connected");
    }
}
