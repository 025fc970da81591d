package dev.parley.channels;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.media.Samples;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Eventually;
import dev.parley.testing.MutableClock;
import dev.parley.testing.RedisServer;
import dev.parley.testing.TestNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a business's reply on Messenger or Instagram carries beyond text, and what becomes of it
 * afterwards, on a real node with a public address and Meta's Graph API stubbed on 127.0.0.1: files
 * go as one Send API call each by a short-lived signed link, the network's limits refuse a file
 * before anything is written, and an edit or unsend the network cannot pass on is refused.
 */
class ChannelRepliesTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-04-06T10:00:00Z"));
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();
    static GraphStub graph;
    static TestNode node;
    static Api api;
    static String publicUrl;
    static int n;

    Person owner;
    String base;
    String page;

    @BeforeAll
    static void start() {
        graph = new GraphStub();
        int port = RedisServer.freePort();
        publicUrl = "http://127.0.0.1:" + port;
        node = TestNode.start(Map.of("port", String.valueOf(port), "public_url", publicUrl,
                "channels.meta.app_secret", MetaFixtures.SECRET, "channels.meta.app_id", MetaFixtures.APP_ID,
                "channels.meta.graph_url", graph.url(), "outbound.allow_private_addresses", "on"), CLOCK);
        api = node.api;
    }

    @AfterAll
    static void stop() {
        node.close();
        graph.close();
    }

    @BeforeEach
    void shop() {
        n++;
        owner = api.signUp("chr_owner" + n);
        String id = api.post("/api/v1/businesses", owner.token(), Map.of("handle", "chr_shop" + n, "display_name",
                "Shop " + n)).expect(201).body().at("/business/id").asText();
        base = "/api/v1/businesses/" + id;
        page = "20" + n + "00" + System.nanoTime() % 100000;
        graph.profile(page, "{\"name\":\"Shop Page " + n + "\",\"id\":\"" + page + "\"}");
    }

    /** Connects the network and lets a customer write first; answers the conversation. */
    private String customerWrites(String network, String user) {
        api.post(base + "/channels", owner.token(), Map.of("network", network, "external_id", page,
                "access_token", "tok-" + page)).expect(201);
        deliver(network, network + "-text", Map.of("__USER__", user, "__MID__", "m_in_" + n, "__TEXT__", "hi, a photo?"));
        String c = Eventually.await("the channel conversation", WAIT,
                () -> api.get(base + "/conversations", owner.token()).expect(200).body().get("items"),
                items -> items.size() > 0).get(0).get("id").asText();
        Eventually.await("the customer's message", WAIT, () -> messages(c), l -> l.size() == 1);
        return c;
    }

    private void deliver(String network, String fixture, Map<String, String> values) {
        Map<String, String> v = new HashMap<>(values);
        v.putIfAbsent("__PAGE__", page);
        v.putIfAbsent("__TS__", String.valueOf(CLOCK.instant().toEpochMilli()));
        byte[] body = MetaFixtures.body(fixture, v);
        HttpRequest r = HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/channels/" + network + "/webhook"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", MetaFixtures.sign(MetaFixtures.SECRET, body)).build();
        assertThat(send(r, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    private static <T> HttpResponse<T> send(HttpRequest r, HttpResponse.BodyHandler<T> h) {
        try {
            return HTTP.send(r, h);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String upload(String name, byte[] bytes) {
        HttpRequest r = HttpRequest.newBuilder(URI.create(api.base() + base + "/uploads?name=" + name))
                .header("Authorization", "Bearer " + owner.token()).POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        HttpResponse<String> res = send(r, HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        try {
            return JSON.readTree(res.body()).get("id").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Api.Res reply(String c, String text, List<String> files) {
        return api.post(base + "/conversations/" + c + "/messages", owner.token(),
                Map.of("client_id", "r" + System.nanoTime(), "text", text, "attachments", files));
    }

    private List<JsonNode> messages(String c) {
        List<JsonNode> out = new ArrayList<>();
        api.get(base + "/conversations/" + c + "/messages", owner.token()).expect(200).body().get("items").forEach(out::add);
        return out;
    }

    private JsonNode awaitReply(String messageId, String status) {
        return Eventually.await("the reply " + status, WAIT,
                () -> api.get(base + "/channels/replies/" + messageId, owner.token()).expect(200).body(),
                b -> b.get("status").asText().equals(status));
    }

    private static JsonNode body(GraphStub.Call call) {
        try {
            return JSON.readTree(call.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int fetch(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A PNG of noise, which does not compress: about 3 bytes a pixel. */
    static byte[] noisyPng(int side) {
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(side);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                img.setRGB(x, y, r.nextInt(0x1000000));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] pdf() {
        return ("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
                + "trailer<</Root 1 0 R>>\n%%EOF\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Test
    void aReplyWithFilesGoesAsOneSendEachThenTheTextByLinksThatExpire() {
        String c = customerWrites("messenger", "601");
        String photo = upload("shelf.png", Samples.png(40, 30));
        String invoice = upload("invoice.pdf", pdf());
        int before = graph.sends().size();
        // The second part meets a rate limit: the reply is tried again, and the photo is not sent twice.
        graph.failNextSend(200, "{\"recipient_id\":\"601\",\"message_id\":\"m_photo_" + n + "\"}");
        graph.failNextSend(400, "{\"error\":{\"message\":\"slow down\",\"code\":613}}");
        String sent = reply(c, "Here is the shelf and your invoice.", List.of(photo, invoice)).expect(201).body()
                .get("id").asText();
        Eventually.await("backing off", WAIT, () -> api.get(base + "/channels/replies/" + sent, owner.token()).body(),
                b -> b.path("error_code").asText("").equals("channel_rate_limited"));
        CLOCK.advance(Duration.ofSeconds(5));
        JsonNode status = awaitReply(sent, "sent");
        assertThat(status.get("network_message_id").asText()).isEqualTo("m_photo_" + n);

        List<GraphStub.Call> sends = graph.sends().subList(before, graph.sends().size());
        assertThat(sends).hasSize(4); // photo, invoice refused, invoice again, text
        JsonNode image = body(sends.get(0));
        JsonNode file = body(sends.get(2));
        JsonNode text = body(sends.get(3));
        assertThat(image.at("/recipient/id").asText()).isEqualTo("601");
        assertThat(image.at("/messaging_type").asText()).isEqualTo("RESPONSE");
        assertThat(image.at("/message/attachment/type").asText()).isEqualTo("image");
        assertThat(image.at("/message/text").isMissingNode()).isTrue();
        assertThat(body(sends.get(1)).at("/message/attachment/type").asText()).isEqualTo("file");
        assertThat(file.at("/message/attachment/type").asText()).isEqualTo("file");
        assertThat(text.at("/message/text").asText()).isEqualTo("Here is the shelf and your invoice.");
        assertThat(sends).filteredOn(s -> s.body().contains("\"image\"")).hasSize(1);
        assertThat(sends.get(0).authorization()).isEqualTo("Bearer tok-" + page);

        // The links are the node's public address, signed, and serve the file until they expire.
        String link = image.at("/message/attachment/payload/url").asText();
        assertThat(link).startsWith(publicUrl + "/api/v1/media/" + photo + "?exp=").contains("&sig=");
        assertThat(file.at("/message/attachment/payload/url").asText()).startsWith(publicUrl + "/api/v1/media/" + invoice);
        assertThat(fetch(link)).isEqualTo(200);
        assertThat(fetch(link.replace("sig=", "sig=x"))).isNotEqualTo(200);
        CLOCK.advance(Duration.ofMinutes(21));
        assertThat(fetch(link)).as("past its expiry").isNotEqualTo(200);

        // Each part's echo maps back to the one message: never shown twice.
        String textMid = "m_sent_" + graph.sentCount();
        deliver("messenger", "messenger-echo", Map.of("__USER__", "601", "__MID__", "m_photo_" + n, "__APP__", "263902037430900",
                "__TEXT__", ""));
        deliver("messenger", "messenger-echo", Map.of("__USER__", "601", "__MID__", textMid, "__APP__", "263902037430900",
                "__TEXT__", "Here is the shelf and your invoice."));
        deliver("messenger", "messenger-text", Map.of("__USER__", "601", "__MID__", "m_after_" + n, "__TEXT__", "thanks"));
        List<JsonNode> ms = Eventually.await("the customer's thanks", WAIT, () -> messages(c),
                l -> l.get(l.size() - 1).get("text").asText().equals("thanks"));
        assertThat(ms).hasSize(3);
        assertThat(ms.get(1).get("attachments")).hasSize(2);
    }

    @Test
    void filesTheNetworkDoesNotTakeAreRefusedBeforeAnythingIsWritten() {
        String c = customerWrites("instagram", "602");
        int before = graph.sends().size();
        String note = upload("notes.txt", "opening hours: 9 to 5".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Api.Res type = reply(c, "see the notes", List.of(note)).expect(422);
        assertThat(type.code()).isEqualTo("channel_attachment_type");
        assertThat(type.raw()).contains("Instagram").contains("text/plain");
        String big = upload("big.png", noisyPng(1750));
        // Instagram takes images of up to 8 MB, as Messenger does.
        Api.Res large = reply(c, "", List.of(big)).expect(422);
        assertThat(large.code()).isEqualTo("channel_attachment_too_large");
        assertThat(large.raw()).contains("8 MB");
        assertThat(messages(c)).hasSize(1);
        // Nothing was written or sent; a file Instagram takes goes as one Send API call.
        String small = upload("ok.png", Samples.png(20, 20));
        String ok = reply(c, "", List.of(small)).expect(201).body().get("id").asText();
        awaitReply(ok, "sent");
        assertThat(graph.sends().subList(before, graph.sends().size())).hasSize(1)
                .allMatch(s -> s.body().contains("\"attachment\":{\"type\":\"image\""));
    }

    @Test
    void aSentReplyCannotBeEditedOrUnsentOnMetaAndTheAgentIsToldTheCustomerKeepsIt() {
        String c = customerWrites("messenger", "603");
        String sent = reply(c, "Your order ships Friday.", List.of()).expect(201).body().get("id").asText();
        awaitReply(sent, "sent");
        Api.Res edit = api.patch(base + "/messages/" + sent, owner.token(), Map.of("text", "Your order ships Monday."))
                .expect(409);
        assertThat(edit.code()).isEqualTo("channel_cannot_edit");
        assertThat(edit.raw()).contains("Messenger").contains("the customer keeps it");
        Api.Res unsend = api.delete(base + "/messages/" + sent, owner.token()).expect(409);
        assertThat(unsend.code()).isEqualTo("channel_cannot_unsend");
        assertThat(unsend.raw()).contains("the customer keeps it");
        JsonNode kept = messages(c).get(1);
        assertThat(kept.get("text").asText()).isEqualTo("Your order ships Friday.");
        assertThat(kept.get("deleted").asBoolean()).isFalse();
        // A message the owner sent from the Page inbox (an echo) is the customer's to keep as well.
        deliver("messenger", "messenger-echo", Map.of("__USER__", "603", "__MID__", "m_app_" + n, "__APP__", "263902037430900",
                "__TEXT__", "From the Page inbox"));
        String echoed = Eventually.await("the echo", WAIT, () -> messages(c), l -> l.size() == 3).get(2).get("id").asText();
        // Mapped to Meta's id in the transaction that wrote it, so it is never seen unmapped: when the mapping
        // came just after, a CI run on PostgreSQL unsent it in between (200, and the customer kept it).
        int mapped = node.node().database().read(h -> h.createQuery("SELECT COUNT(*) FROM channel_messages WHERE message_id = ?")
                .bind(0, echoed).mapTo(Integer.class).one());
        assertThat(mapped).as("mapped as soon as it shows").isEqualTo(1);
        assertThat(api.delete(base + "/messages/" + echoed, owner.token()).expect(409).code()).isEqualTo("channel_cannot_unsend");
    }

    @Test
    void aReplyNotYetSentIsEditedOrCancelledInTheOutbox() {
        String c = customerWrites("instagram", "604");
        int before = graph.sends().size();
        graph.failNextSend(400, "{\"error\":{\"message\":\"slow down\",\"code\":613}}");
        graph.failNextSend(400, "{\"error\":{\"message\":\"slow down\",\"code\":613}}");
        String typo = reply(c, "See you at 5 pm tomorow", List.of()).expect(201).body().get("id").asText();
        String oops = reply(c, "Wrong chat, sorry", List.of()).expect(201).body().get("id").asText();
        for (String id : List.of(typo, oops)) {
            Eventually.await("backing off", WAIT, () -> api.get(base + "/channels/replies/" + id, owner.token()).body(),
                    b -> b.path("error_code").asText("").equals("channel_rate_limited"));
        }
        api.patch(base + "/messages/" + typo, owner.token(), Map.of("text", "See you at 5 pm tomorrow")).expect(200);
        api.delete(base + "/messages/" + oops, owner.token()).expect(200);
        CLOCK.advance(Duration.ofSeconds(5));
        awaitReply(typo, "sent");
        assertThat(awaitReply(oops, "cancelled").get("network_message_id").isNull()).isTrue();
        List<GraphStub.Call> sends = graph.sends().subList(before, graph.sends().size());
        assertThat(sends.get(sends.size() - 1).body()).contains("See you at 5 pm tomorrow\"");
        assertThat(sends).as("the two refused tries, then the edited reply alone").hasSize(3);
    }
}
