package dev.parley.channels.x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.channels.ChannelAccount;
import dev.parley.channels.ChannelError;
import dev.parley.channels.ChannelException;
import dev.parley.channels.Inbound;
import dev.parley.channels.Network;
import dev.parley.channels.Outbound;
import dev.parley.outbound.OutboundClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Replies through X's DM API v2, against a stub of it on 127.0.0.1. */
@Tag("sqlite-only")
class XSendTest {
    private static final OutboundClient HTTP = new OutboundClient(true, Duration.ofSeconds(5), OutboundClient.Resolver.SYSTEM);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    private static final String DM_PATH = "/2/dm_conversations/with/3001969357/messages";
    private static final ChannelAccount ACCOUNT = new ChannelAccount("ch7", "b3", Network.X, "4337869213",
            "user-token-1", "refresh-1", NOW.plusSeconds(3600), false);

    private XStub x;
    private XConnector connector;

    @BeforeEach
    void start() throws Exception {
        x = new XStub();
        connector = new XConnector(XSettings.of("client", "secret", XFixtures.SECRET).at(x.base()), HTTP,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        x.close();
    }

    @AfterAll
    static void closeClient() {
        HTTP.close();
    }

    private static Outbound text(String t) {
        return new Outbound("3001969357", t, List.of(), true, false);
    }

    private static JsonNode json(XStub.Heard h) throws Exception {
        return JSON.readTree(h.body());
    }

    @Test
    void aTextGoesToTheParticipantWithTheUsersTokenAndAnswersTheDmEventId() throws Exception {
        x.on("POST " + DM_PATH, 201, "{\"data\":{\"dm_conversation_id\":\"3001969357-4337869213\",\"dm_event_id\":\"1582838223936061440\"}}");

        String id = connector.send(ACCOUNT, text("Your order ships today 📦 — merci !"));

        assertThat(id).isEqualTo("1582838223936061440");
        XStub.Heard h = x.heard("POST", DM_PATH).get(0);
        assertThat(h.header("Authorization")).isEqualTo("Bearer user-token-1");
        assertThat(h.header("Content-Type")).startsWith("application/json");
        assertThat(json(h)).isEqualTo(JSON.readTree("{\"text\":\"Your order ships today 📦 — merci !\"}"));
    }

    @Test
    void anImageIsUploadedInChunksFirstAndTheDmCarriesItsMediaId() throws Exception {
        byte[] image = new byte[XMediaUpload.SEGMENT_BYTES + 1000];
        for (int i = 0; i < image.length; i++) {
            image[i] = (byte) (i * 31);
        }
        x.on("GET /files/photo.png", new XStub.Answer(200, Map.of("Content-Type", "image/png"), image))
                .on("POST /2/media/upload/initialize", 200, "{\"data\":{\"id\":\"1880028106020515840\",\"media_key\":\"3_1880028106020515840\",\"expires_after_secs\":86400}}")
                .on("POST /2/media/upload/1880028106020515840/append", new XStub.Answer(204, Map.of(), new byte[0]))
                .on("POST /2/media/upload/1880028106020515840/finalize", 200, "{\"data\":{\"id\":\"1880028106020515840\",\"size\":" + image.length + "}}")
                .on("POST " + DM_PATH, 201, "{\"data\":{\"dm_conversation_id\":\"c\",\"dm_event_id\":\"99\"}}");
        Outbound.File file = new Outbound.File("image", "image/png", image.length, x.base() + "/files/photo.png", "photo.png");

        String id = connector.send(ACCOUNT, new Outbound("3001969357", "The label", List.of(file), true, false));

        assertThat(id).isEqualTo("99");
        JsonNode init = json(x.heard("POST", "/2/media/upload/initialize").get(0));
        assertThat(init).isEqualTo(JSON.readTree("{\"media_type\":\"image/png\",\"total_bytes\":" + image.length + ",\"media_category\":\"dm_image\"}"));
        List<XStub.Heard> appends = x.heard("POST", "/2/media/upload/1880028106020515840/append");
        assertThat(appends).hasSize(2);
        assertThat(appends.get(0).header("Authorization")).isEqualTo("Bearer user-token-1");
        assertThat(appends.get(0).header("Content-Type")).startsWith("multipart/form-data; boundary=");
        assertThat(segment(appends.get(0))).isEqualTo(0);
        assertThat(segment(appends.get(1))).isEqualTo(1);
        byte[] rejoined = concat(media(appends.get(0)), media(appends.get(1)));
        assertThat(rejoined).isEqualTo(image);
        assertThat(x.heard("POST", "/2/media/upload/1880028106020515840/finalize")).hasSize(1);
        assertThat(json(x.heard("POST", DM_PATH).get(0)))
                .isEqualTo(JSON.readTree("{\"text\":\"The label\",\"attachments\":[{\"media_id\":\"1880028106020515840\"}]}"));
        assertThat(x.heard.stream().map(XStub.Heard::uri)).as("fetch, upload, then send, in that order")
                .containsExactly("/files/photo.png", "/2/media/upload/initialize", "/2/media/upload/1880028106020515840/append",
                        "/2/media/upload/1880028106020515840/append", "/2/media/upload/1880028106020515840/finalize", DM_PATH);
    }

    @Test
    void aVideoWaitsForXsProcessingBeforeTheDmGoes() throws Exception {
        byte[] video = "not really an mp4 but bytes".getBytes(StandardCharsets.UTF_8);
        x.on("GET /files/clip.mp4", new XStub.Answer(200, Map.of(), video))
                .on("POST /2/media/upload/initialize", 200, "{\"data\":{\"id\":\"555\"}}")
                .on("POST /2/media/upload/555/append", new XStub.Answer(204, Map.of(), new byte[0]))
                .on("POST /2/media/upload/555/finalize", 200, "{\"data\":{\"id\":\"555\",\"processing_info\":{\"state\":\"pending\",\"check_after_secs\":1}}}")
                .on("GET /2/media/upload", XStub.Answer.json(200, "{\"data\":{\"id\":\"555\",\"processing_info\":{\"state\":\"in_progress\",\"check_after_secs\":0}}}"),
                        XStub.Answer.json(200, "{\"data\":{\"id\":\"555\",\"processing_info\":{\"state\":\"succeeded\"}}}"))
                .on("POST " + DM_PATH, 201, "{\"data\":{\"dm_event_id\":\"100\"}}");
        Outbound.File file = new Outbound.File("video", "video/mp4", video.length, x.base() + "/files/clip.mp4", "clip.mp4");

        assertThat(connector.send(ACCOUNT, new Outbound("3001969357", null, List.of(file), true, false))).isEqualTo("100");

        assertThat(json(x.heard("POST", "/2/media/upload/initialize").get(0)).path("media_category").asText()).isEqualTo("dm_video");
        assertThat(x.heard("GET", "/2/media/upload?command=STATUS&media_id=555")).hasSize(2);
        assertThat(json(x.heard("POST", DM_PATH).get(0))).isEqualTo(JSON.readTree("{\"attachments\":[{\"media_id\":\"555\"}]}"));
    }

    @Test
    void whatXsDmsCannotCarryIsRefusedBeforeAnythingIsSent() {
        Outbound.File bigImage = new Outbound.File("image", "image/jpeg", XMediaUpload.IMAGE_BYTES + 1, x.base() + "/f", "big.jpg");
        Outbound.File gif = new Outbound.File("image", "image/gif", XMediaUpload.GIF_BYTES + 1, x.base() + "/f", "big.gif");
        Outbound.File bigVideo = new Outbound.File("video", "video/mp4", XMediaUpload.VIDEO_BYTES + 1, x.base() + "/f", "big.mp4");
        Outbound.File audio = new Outbound.File("audio", "audio/ogg", 1000, x.base() + "/f", "voice.ogg");
        Outbound.File pdf = new Outbound.File("file", "application/pdf", 1000, x.base() + "/f", "invoice.pdf");
        Outbound.File small = new Outbound.File("image", "image/jpeg", 1000, x.base() + "/f", "a.jpg");

        for (Outbound o : List.of(
                new Outbound("3001969357", null, List.of(bigImage), true, false),
                new Outbound("3001969357", null, List.of(gif), true, false),
                new Outbound("3001969357", null, List.of(bigVideo), true, false),
                new Outbound("3001969357", null, List.of(audio), true, false),
                new Outbound("3001969357", "two", List.of(pdf), true, false),
                new Outbound("3001969357", "two", List.of(small, small), true, false),
                new Outbound("3001969357", "x".repeat(XConnector.MAX_TEXT_CHARS + 1), List.of(), true, false),
                new Outbound("3001969357", " ", List.of(), true, false),
                new Outbound("../../2/users/me", "hi", List.of(), true, false),
                new Outbound("\u0663\u0664", "hi", List.of(), true, false))) {
            assertThatThrownBy(() -> connector.send(ACCOUNT, o)).isInstanceOfSatisfying(ChannelException.class,
                    e -> assertThat(e.error).isEqualTo(ChannelError.REFUSED));
        }
        assertThat(x.heard).as("nothing reached X").isEmpty();
    }

    @Test
    void aTextOfExactlyTenThousandEmojiIsWithinTheLimit() throws Exception {
        x.on("POST " + DM_PATH, 201, "{\"data\":{\"dm_event_id\":\"5\"}}");

        assertThat(connector.send(ACCOUNT, text("🙂".repeat(XConnector.MAX_TEXT_CHARS)))).isEqualTo("5");
    }

    @Test
    void anAttachmentLargerThanXTakesIsNeverUploadedWhateverItsSizeClaimed() {
        byte[] big = new byte[(int) XMediaUpload.IMAGE_BYTES + 10];
        x.on("GET /files/liar.jpg", new XStub.Answer(200, Map.of(), big));
        Outbound.File file = new Outbound.File("image", "image/jpeg", 1000, x.base() + "/files/liar.jpg", "liar.jpg");

        // The outbound client drops an answer over the fetch's limit (X's) as a failed exchange.
        assertThatThrownBy(() -> connector.send(ACCOUNT, new Outbound("3001969357", null, List.of(file), true, false)))
                .isInstanceOf(ChannelException.class);
        assertThat(x.heard("POST", "/2/")).isEmpty();
    }

    @Test
    void anAttachmentUrlTheOutboundGuardRefusesIsRefusedNotRetried() {
        x.on("GET /files/a.jpg", new XStub.Answer(200, Map.of(), new byte[100]));
        Outbound.File file = new Outbound.File("image", "image/jpeg", 100, x.base() + "/files/a.jpg", "a.jpg");
        try (OutboundClient guarded = new OutboundClient(false, Duration.ofSeconds(5), OutboundClient.Resolver.SYSTEM)) {
            XConnector strict = new XConnector(XSettings.of("c", "s", "k").at(x.base()), guarded, Clock.fixed(NOW, ZoneOffset.UTC));

            assertThatThrownBy(() -> strict.send(ACCOUNT, new Outbound("3001969357", null, List.of(file), true, false)))
                    .isInstanceOfSatisfying(ChannelException.class, e -> {
                        assertThat(e.error).isEqualTo(ChannelError.REFUSED);
                        assertThat(e.networkCode).isEqualTo("attachment_url_refused");
                    });
        }
        assertThat(x.heard).as("loopback is refused before any connection").isEmpty();
    }

    @Test
    void eachOfXsErrorsIsMappedByStatusAndProblemType() throws Exception {
        record Case(int status, String body, Map<String, String> headers, ChannelError error, String code) {
        }
        long reset = NOW.getEpochSecond() + 900;
        List<Case> cases = List.of(
                // With its challenge header: the outbound client's Jetty fails a 401 that has none (see the report).
                new Case(401, "{\"title\":\"Unauthorized\",\"type\":\"about:blank\",\"status\":401,\"detail\":\"Unauthorized\"}",
                        Map.of("WWW-Authenticate", "Bearer realm=\"api.x.com\""), ChannelError.RECONNECT_NEEDED, "http_401"),
                new Case(403, "{\"title\":\"Forbidden\",\"type\":\"about:blank\",\"status\":403,\"detail\":\"You are not permitted to send a message to this user\"}",
                        Map.of(), ChannelError.RECIPIENT_UNAVAILABLE, "http_403"),
                new Case(403, "{\"errors\":[{\"code\":349,\"message\":\"You cannot send messages to this user.\"}]}",
                        Map.of(), ChannelError.RECIPIENT_UNAVAILABLE, "x_349"),
                new Case(403, "{\"title\":\"Client Forbidden\",\"type\":\"https://api.x.com/2/problems/client-forbidden\",\"reason\":\"client-not-enrolled\"}",
                        Map.of(), ChannelError.RECONNECT_NEEDED, "client-forbidden"),
                new Case(403, "{\"title\":\"Unsupported Authentication\",\"type\":\"https://api.twitter.com/2/problems/unsupported-authentication\"}",
                        Map.of(), ChannelError.RECONNECT_NEEDED, "unsupported-authentication"),
                new Case(404, "{\"title\":\"Not Found Error\",\"type\":\"https://api.x.com/2/problems/resource-not-found\"}",
                        Map.of(), ChannelError.RECIPIENT_UNAVAILABLE, "resource-not-found"),
                new Case(429, "{\"title\":\"Too Many Requests\",\"type\":\"about:blank\",\"status\":429}",
                        Map.of("x-rate-limit-reset", Long.toString(reset)), ChannelError.RATE_LIMITED, "http_429"),
                new Case(400, "{\"title\":\"Invalid Request\",\"type\":\"https://api.x.com/2/problems/invalid-request\",\"detail\":\"text too long\"}",
                        Map.of(), ChannelError.REFUSED, "invalid-request"),
                new Case(500, "", Map.of(), ChannelError.TEMPORARY, "http_500"),
                new Case(503, "<html>over capacity</html>", Map.of(), ChannelError.TEMPORARY, "http_503"));
        for (Case c : cases) {
            try (XStub stub = new XStub()) {
                stub.on("POST " + DM_PATH, new XStub.Answer(c.status(), c.headers(), c.body().getBytes(StandardCharsets.UTF_8)));
                XConnector against = new XConnector(XSettings.of("c", "s", "k").at(stub.base()), HTTP, Clock.fixed(NOW, ZoneOffset.UTC));

                assertThatThrownBy(() -> against.send(ACCOUNT, text("hi"))).as("%d %s", c.status(), c.body())
                        .isInstanceOfSatisfying(ChannelException.class, e -> {
                            assertThat(e.error).isEqualTo(c.error());
                            assertThat(e.networkCode).isEqualTo(c.code());
                            assertThat(e.retryAfter).isEqualTo(c.error() == ChannelError.RATE_LIMITED ? Duration.ofSeconds(900) : null);
                        });
            }
        }
    }

    @Test
    void anUnreachableXIsTemporaryAndNoTokenMeansReconnect() throws Exception {
        String closed;
        try (XStub gone = new XStub()) {
            closed = gone.base();
        }
        XConnector against = new XConnector(XSettings.of("c", "s", "k").at(closed), HTTP, Clock.fixed(NOW, ZoneOffset.UTC));
        assertThatThrownBy(() -> against.send(ACCOUNT, text("hi"))).isInstanceOfSatisfying(ChannelException.class,
                e -> assertThat(e.error).isEqualTo(ChannelError.TEMPORARY));

        ChannelAccount noToken = new ChannelAccount("ch7", "b3", Network.X, "4337869213", null, null, null, false);
        assertThatThrownBy(() -> connector.send(noToken, text("hi"))).isInstanceOfSatisfying(ChannelException.class,
                e -> assertThat(e.error).isEqualTo(ChannelError.RECONNECT_NEEDED));
        assertThat(x.heard).isEmpty();
    }

    @Test
    void xHasNoReplyWindow() {
        assertThat(connector.policy().window()).isNull();
        assertThat(connector.policy().humanAgentWindow()).isNull();
        assertThat(connector.policy().maxTextChars()).isEqualTo(10_000);
        assertThat(connector.policy().mediaFor("image/png").orElseThrow().maxBytes()).isEqualTo(5L * 1024 * 1024);
        assertThat(connector.policy().mediaFor("audio/webm")).isEmpty();
    }

    @Test
    void theProfileComesFromUsersLookupAndAMissingOneIsEmpty() throws Exception {
        x.on("GET /2/users/3001969357", 200, "{\"data\":{\"id\":\"3001969357\",\"name\":\"Jordan Brinks\",\"username\":\"furiouscamper\","
                + "\"profile_image_url\":\"https://pbs.twimg.com/profile_images/851526626785480705/cW4WTi7C_normal.jpg\"}}");

        assertThat(connector.profile(ACCOUNT, "3001969357")).contains(new Inbound.Profile("Jordan Brinks", "furiouscamper",
                "https://pbs.twimg.com/profile_images/851526626785480705/cW4WTi7C_normal.jpg"));
        XStub.Heard h = x.heard("GET", "/2/users/3001969357").get(0);
        assertThat(h.uri()).isEqualTo("/2/users/3001969357?user.fields=profile_image_url,username,name");
        assertThat(h.header("Authorization")).isEqualTo("Bearer user-token-1");

        assertThat(connector.profile(ACCOUNT, "42")).as("404 from the stub").isEmpty();
        x.on("GET /2/users/43", 200, "{\"errors\":[{\"title\":\"Not Found Error\",\"type\":\"https://api.x.com/2/problems/resource-not-found\"}]}");
        assertThat(connector.profile(ACCOUNT, "43")).as("200 with only errors").isEmpty();
        assertThat(connector.profile(ACCOUNT, "me/../../oauth2")).isEmpty();
    }

    @Test
    void dmMediaIsFetchedWithTheBusinessesTokenFromXsHostsOnly() throws Exception {
        byte[] photo = {1, 2, 3, 4};
        x.on("GET /1.1/ton/data/dm/1/2/photo.jpg", new XStub.Answer(200, Map.of(), photo));

        assertThat(connector.media(ACCOUNT, x.base() + "/1.1/ton/data/dm/1/2/photo.jpg", 1024)).isEqualTo(photo);
        assertThat(x.heard.get(0).header("Authorization")).isEqualTo("Bearer user-token-1");

        String elsewhere = x.base().replace("127.0.0.1", "localhost") + "/1.1/ton/data/dm/1/2/photo.jpg";
        for (String url : List.of(elsewhere, "https://evil.example/x.jpg", "https://twimg.com.evil.example/x.jpg",
                "http://ton.twimg.com/plain-http.jpg", "https://user:pw@ton.twimg.com/x.jpg", "not a url")) {
            assertThatThrownBy(() -> connector.media(ACCOUNT, url, 1024)).as(url).isInstanceOfSatisfying(ChannelException.class,
                    e -> assertThat(e.error).isEqualTo(ChannelError.REFUSED));
        }
        assertThat(x.heard).as("the token went nowhere else").hasSize(1);
        assertThat(XHosts.mayCarryToken("https://ton.twimg.com/1.1/ton/data/dm/1/2/a.jpg", "https://api.x.com")).isTrue();
        assertThat(XHosts.mayCarryToken("https://video.twimg.com/dm_video/1/vid/a.mp4", "https://api.x.com")).isTrue();
    }

    private static int segment(XStub.Heard h) {
        String body = new String(h.body(), StandardCharsets.ISO_8859_1);
        int at = body.indexOf("name=\"segment_index\"\r\n\r\n") + "name=\"segment_index\"\r\n\r\n".length();
        return Integer.parseInt(body.substring(at, body.indexOf("\r\n", at)));
    }

    /** The bytes of the {@code media} part of one APPEND's form. */
    private static byte[] media(XStub.Heard h) {
        String boundary = h.header("Content-Type").substring(h.header("Content-Type").indexOf("boundary=") + 9);
        String body = new String(h.body(), StandardCharsets.ISO_8859_1);
        int start = body.indexOf("\r\n\r\n", body.indexOf("name=\"media\"")) + 4;
        int end = body.indexOf("\r\n--" + boundary + "--", start);
        return body.substring(start, end).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
