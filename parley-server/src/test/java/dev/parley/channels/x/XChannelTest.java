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
        int port = dev.parley.testing.RedisServer.freePort(); // a public address, so replies' files can be linked
        node = TestNode.start(Map.of("channels.x.consumer_secret", XFixtures.SECRET, "channels.x.client_id", "cid",
                "channels.x.client_secret", "csecret", "channels.x.api_url", x.base(),
                "outbound.allow_private_addresses", "on", "port", String.valueOf(port),
                "public_url", "http://127.0.0.1:" + port), Clock.systemUTC());
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

    @Test
    void aReplyWithTwoPhotosGoesAsTwoDmsEachUploadedToXFirst() throws Exception {
        Person owner = api.signUp("xch_media");
        String business = api.post("/api/v1/businesses", owner.token(), Map.of("handle", "xch_media_shop",
                "display_name", "X Media Shop")).expect(201).body().at("/business/id").asText();
        String base = "/api/v1/businesses/" + business;
        String account = "4337869299";
        String customer = "3001969399";
        api.post(base + "/channels", owner.token(), Map.of("network", "x", "external_id", account,
                "access_token", "media-token")).expect(201);
        byte[] dm = new String(XFixtures.load("aaa-message.json"), StandardCharsets.UTF_8).replace("4337869213", account)
                .replace("3001969357", customer).replace("954491830116155396", "954491830116155399")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(webhook("POST", "", dm, XFixtures.sign(dm, XFixtures.SECRET)).statusCode()).isEqualTo(200);
        String c = Eventually.await("the X conversation", WAIT,
                () -> api.get(base + "/conversations", owner.token()).expect(200).body().get("items"),
                items -> items.size() > 0).get(0).get("id").asText();
        Eventually.await("the customer's DM", WAIT, () -> api.get(base + "/conversations/" + c + "/messages",
                owner.token()).expect(200).body().get("items"), items -> items.size() > 0);

        String first = upload(base, owner, "a.png", dev.parley.media.Samples.png(30, 20));
        String second = upload(base, owner, "b.png", dev.parley.media.Samples.png(20, 30));
        String pdf = upload(base, owner, "terms.pdf", ("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
                .getBytes(StandardCharsets.US_ASCII));
        Api.Res refused = api.post(base + "/conversations/" + c + "/messages", owner.token(), Map.of("client_id", "x-pdf",
                "text", "our terms", "attachments", java.util.List.of(pdf))).expect(422);
        assertThat(refused.code()).isEqualTo("channel_attachment_type");

        x.on("POST /2/media/upload/initialize", XStub.Answer.json(200, "{\"data\":{\"id\":\"1880000000000000001\"}}"),
                XStub.Answer.json(200, "{\"data\":{\"id\":\"1880000000000000002\"}}"));
        for (String id : java.util.List.of("1880000000000000001", "1880000000000000002")) {
            x.on("POST /2/media/upload/" + id + "/append", new XStub.Answer(204, Map.of(), new byte[0]));
            x.on("POST /2/media/upload/" + id + "/finalize", 200, "{\"data\":{\"id\":\"" + id + "\"}}");
        }
        x.on("POST /2/dm_conversations/with/" + customer + "/messages",
                XStub.Answer.json(201, "{\"data\":{\"dm_conversation_id\":\"c-2\",\"dm_event_id\":\"e-media-1\"}}"),
                XStub.Answer.json(201, "{\"data\":{\"dm_conversation_id\":\"c-2\",\"dm_event_id\":\"e-media-2\"}}"));
        String sent = api.post(base + "/conversations/" + c + "/messages", owner.token(), Map.of("client_id", "x-photos",
                "text", "Both colours 👇", "attachments", java.util.List.of(first, second))).expect(201).body().get("id").asText();

        var dms = Eventually.await("two DMs", WAIT, () -> x.heard("POST", "/2/dm_conversations/with/" + customer + "/messages"),
                l -> l.size() == 2);
        JsonNode one = dev.parley.http.Json.MAPPER.readTree(dms.get(0).text());
        JsonNode two = dev.parley.http.Json.MAPPER.readTree(dms.get(1).text());
        assertThat(one.get("text").asText()).isEqualTo("Both colours 👇");
        assertThat(one.at("/attachments/0/media_id").asText()).isEqualTo("1880000000000000001");
        assertThat(two.has("text")).isFalse();
        assertThat(two.at("/attachments/0/media_id").asText()).isEqualTo("1880000000000000002");
        var inits = x.heard("POST", "/2/media/upload/initialize");
        assertThat(inits).hasSize(2).allMatch(h -> h.text().contains("\"media_category\":\"dm_image\"")
                && "Bearer media-token".equals(h.header("authorization")));
        assertThat(x.heard("POST", "/2/media/upload/1880000000000000001/finalize")).hasSize(1);
        assertThat(x.heard.indexOf(x.heard("POST", "/2/media/upload/1880000000000000002/finalize").get(0)))
                .as("each file uploaded before the DM that carries it").isLessThan(x.heard.indexOf(dms.get(1)));
        JsonNode status = Eventually.await("the reply sent", WAIT, () -> api.get(base + "/channels/replies/" + sent,
                owner.token()).expect(200).body(), b -> b.get("status").asText().equals("sent"));
        assertThat(status.get("network_message_id").asText()).isEqualTo("e-media-1");
    }

    @Test
    void anUnsentReplyIsDeletedOnXAndAnEditIsRefused() throws Exception {
        Person owner = api.signUp("xch_unsend");
        String business = api.post("/api/v1/businesses", owner.token(), Map.of("handle", "xch_unsend_shop",
                "display_name", "X Unsend Shop")).expect(201).body().at("/business/id").asText();
        String base = "/api/v1/businesses/" + business;
        String account = "4337869288";
        String customer = "3001969388";
        api.post(base + "/channels", owner.token(), Map.of("network", "x", "external_id", account,
                "access_token", "unsend-token")).expect(201);
        byte[] dm = new String(XFixtures.load("aaa-message.json"), StandardCharsets.UTF_8).replace("4337869213", account)
                .replace("3001969357", customer).replace("954491830116155396", "954491830116155388")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(webhook("POST", "", dm, XFixtures.sign(dm, XFixtures.SECRET)).statusCode()).isEqualTo(200);
        String c = Eventually.await("the X conversation", WAIT,
                () -> api.get(base + "/conversations", owner.token()).expect(200).body().get("items"),
                items -> items.size() > 0).get(0).get("id").asText();
        Eventually.await("the customer's DM", WAIT, () -> api.get(base + "/conversations/" + c + "/messages",
                owner.token()).expect(200).body().get("items"), items -> items.size() > 0);
        x.on("POST /2/dm_conversations/with/" + customer + "/messages",
                XStub.Answer.json(201, "{\"data\":{\"dm_conversation_id\":\"c-3\",\"dm_event_id\":\"1582838223089057798\"}}"));
        x.on("DELETE /2/dm_events/1582838223089057798", 200, "{\"data\":{\"deleted\":true}}");
        String sent = api.post(base + "/conversations/" + c + "/messages", owner.token(), Map.of("client_id", "x-oops",
                "text", "Wrong customer, sorry")).expect(201).body().get("id").asText();
        Eventually.await("the reply sent", WAIT, () -> api.get(base + "/channels/replies/" + sent, owner.token()).body(),
                b -> b.get("status").asText().equals("sent"));

        Api.Res edit = api.patch(base + "/messages/" + sent, owner.token(), Map.of("text", "Wrong chat")).expect(409);
        assertThat(edit.code()).isEqualTo("channel_cannot_edit");
        assertThat(edit.raw()).contains("X does not let a business edit");
        api.delete(base + "/messages/" + sent, owner.token()).expect(200);
        JsonNode status = Eventually.await("the unsend passed on", WAIT, () -> api.get(base + "/channels/replies/" + sent,
                owner.token()).body(), b -> b.get("status").asText().equals("unsent"));
        assertThat(status.get("network_message_id").asText()).isEqualTo("1582838223089057798");
        var deletes = x.heard("DELETE", "/2/dm_events/1582838223089057798");
        assertThat(deletes).hasSize(1);
        assertThat(deletes.get(0).header("authorization")).isEqualTo("Bearer unsend-token");
    }

    private static String upload(String base, Person owner, String name, byte[] bytes) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(api.base() + base + "/uploads?name=" + name))
                .header("Authorization", "Bearer " + owner.token()).POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        HttpResponse<String> res = HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        return dev.parley.http.Json.MAPPER.readTree(res.body()).get("id").asText();
    }
}
