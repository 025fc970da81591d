package dev.parley.channels.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.channels.ChannelAccount;
import dev.parley.channels.ChannelError;
import dev.parley.channels.ChannelException;
import dev.parley.channels.GraphStub;
import dev.parley.channels.Inbound.Kind;
import dev.parley.channels.Inbound;
import dev.parley.channels.MetaFixtures;
import dev.parley.channels.Network;
import dev.parley.channels.Outbound;
import dev.parley.config.Settings;
import dev.parley.outbound.OutboundClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Meta's side alone: signatures, each documented event kind parsed, the Send API's body and its errors by code. */
@Tag("store-free")
class MetaConnectorTest {
    static GraphStub graph;
    static OutboundClient http;
    static MetaConnector messenger;
    static MetaConnector instagram;
    static final ChannelAccount PAGE = new ChannelAccount("h-1", "a-1", Network.MESSENGER, "1234", "page-token", null,
            null, false);

    @BeforeAll
    static void start() {
        graph = new GraphStub();
        http = OutboundClient.fromSettings(Settings.of(Map.of("outbound.allow_private_addresses", "on")));
        MetaConnector.Settings s = new MetaConnector.Settings(MetaFixtures.APP_ID, MetaFixtures.SECRET, "verify-me",
                graph.url());
        messenger = new MetaConnector(Network.MESSENGER, s, http);
        instagram = new MetaConnector(Network.INSTAGRAM, s, http);
    }

    @AfterAll
    static void stop() {
        graph.close();
        http.close();
    }

    private static List<Inbound> parse(MetaConnector c, String fixture, Map<String, String> values) {
        return c.parse(MetaFixtures.body(fixture, values));
    }

    @Test
    void aSignatureOverTheExactBytesVerifiesAndAnythingElseDoesNot() {
        byte[] body = MetaFixtures.body("messenger-text", Map.of("__TEXT__", "Grüße 👋🏽 — ça va? 你好"));
        String sig = MetaFixtures.sign(MetaFixtures.SECRET, body);
        assertThat(messenger.verify(body, h -> h.equalsIgnoreCase("X-Hub-Signature-256") ? sig : null)).isTrue();
        byte[] flipped = body.clone();
        flipped[flipped.length / 2] ^= 1;
        assertThat(messenger.verify(flipped, h -> sig)).isFalse();
        assertThat(messenger.verify(body, h -> null)).as("no header").isFalse();
        assertThat(messenger.verify(body, h -> "sha256=zz")).as("malformed").isFalse();
        assertThat(messenger.verify(body, h -> MetaFixtures.sign("another secret", body))).isFalse();
        MetaConnector unset = new MetaConnector(Network.MESSENGER, new MetaConnector.Settings("", "", "", graph.url()), http);
        assertThat(unset.verify(body, h -> sig)).as("no secret configured").isFalse();
    }

    @Test
    void anInstagramDeliveryVerifiesWithEitherAppsSecretAndAMessengerOneOnlyWithTheMetaAppsOne() {
        byte[] body = MetaFixtures.body("instagram-text", Map.of("__PAGE__", "17841400000000001", "__USER__", "u1"));
        MetaConnector.Settings both = new MetaConnector.Settings(MetaFixtures.APP_ID, MetaFixtures.SECRET, "", graph.url(),
                "ig-app-secret", graph.url());
        String meta = MetaFixtures.sign(MetaFixtures.SECRET, body);
        String ig = MetaFixtures.sign("ig-app-secret", body);
        MetaConnector insta = new MetaConnector(Network.INSTAGRAM, both, http);
        assertThat(insta.verify(body, h -> meta)).isTrue();
        assertThat(insta.verify(body, h -> ig)).isTrue();
        assertThat(insta.verify(body, h -> MetaFixtures.sign("wrong", body))).isFalse();
        assertThat(new MetaConnector(Network.MESSENGER, both, http).verify(body, h -> ig)).as("Messenger: Meta app only").isFalse();
        MetaConnector igOnly = new MetaConnector(Network.INSTAGRAM, new MetaConnector.Settings("", "", "", graph.url(),
                "ig-app-secret", graph.url()), http);
        assertThat(igOnly.verify(body, h -> ig)).isTrue();
        MetaConnector neither = new MetaConnector(Network.INSTAGRAM, new MetaConnector.Settings("", "", "", graph.url(),
                "", graph.url()), http);
        assertThat(neither.verify(body, h -> ig)).as("neither secret set").isFalse();
    }

    @Test
    void theHandshakeAnswersTheChallengeOnlyForTheVerifyToken() {
        assertThat(messenger.handshake(Map.of("hub.mode", "subscribe", "hub.verify_token", "verify-me",
                "hub.challenge", "1158201444"))).map(h -> h.body()).contains("1158201444");
        assertThat(messenger.handshake(Map.of("hub.mode", "subscribe", "hub.verify_token", "wrong",
                "hub.challenge", "1158201444"))).isEmpty();
        assertThat(messenger.handshake(Map.of("hub.mode", "subscribe", "hub.challenge", "1"))).isEmpty();
    }

    @Test
    void messengerEventsParseByKind() {
        Map<String, String> v = Map.of("__PAGE__", "1234", "__USER__", "555", "__MID__", "m_1", "__REF__", "m_0",
                "__TEXT__", "Hi 👋");
        Inbound text = parse(messenger, "messenger-text", v).get(0);
        assertThat(text).extracting(Inbound::kind, Inbound::accountExternalId, Inbound::contactExternalId,
                Inbound::networkMessageId, Inbound::text).containsExactly(Kind.MESSAGE, "1234", "555", "m_1", "Hi 👋");
        assertThat(text.at()).isEqualTo(Instant.ofEpochMilli(1700000000000L));
        assertThat(parse(messenger, "messenger-attachment", v).get(0).attachments())
                .extracting(Inbound.Attachment::type).containsExactly("image");
        assertThat(parse(messenger, "messenger-reply", v).get(0).replyToNetworkId()).isEqualTo("m_0");
        Inbound quick = parse(messenger, "messenger-quick-reply", v).get(0);
        assertThat(quick).extracting(Inbound::kind, Inbound::text, Inbound::payload)
                .containsExactly(Kind.QUICK_REPLY, "Red", "COLOR_RED");
        Inbound postback = parse(messenger, "messenger-postback", v).get(0);
        assertThat(postback).extracting(Inbound::kind, Inbound::text, Inbound::payload)
                .containsExactly(Kind.POSTBACK, "Talk to a person", "HUMAN");
        Inbound react = parse(messenger, "messenger-reaction", v).get(0);
        assertThat(react).extracting(Inbound::kind, Inbound::networkMessageId, Inbound::reaction)
                .containsExactly(Kind.REACTION, "m_0", "❤️");
        assertThat(parse(messenger, "messenger-unreact", v).get(0).reaction()).isNull();
        assertThat(parse(messenger, "messenger-read", v).get(0).kind()).isEqualTo(Kind.READ);
        Inbound echo = parse(messenger, "messenger-echo", v).get(0);
        assertThat(echo).extracting(Inbound::kind, Inbound::contactExternalId).containsExactly(Kind.ECHO, "555");
        assertThat(messenger.sentByParley(echo)).isTrue();
        assertThat(parse(messenger, "messenger-delivery", v)).as("a delivery receipt is no message").isEmpty();
    }

    @Test
    void instagramEventsParseByKind() {
        Map<String, String> v = Map.of("__PAGE__", "1789", "__USER__", "777", "__MID__", "aWdf1", "__REF__", "aWdf0");
        assertThat(parse(instagram, "instagram-text", v).get(0).kind()).isEqualTo(Kind.MESSAGE);
        assertThat(parse(instagram, "instagram-reel", v).get(0).attachments()).extracting(Inbound.Attachment::type,
                Inbound.Attachment::url).containsExactly(org.assertj.core.groups.Tuple.tuple("ig_reel",
                "https://lookaside.fbsbx.com/ig_messaging_cdn/reel.mp4"));
        assertThat(parse(instagram, "instagram-share", v).get(0).attachments().get(0).type()).isEqualTo("share");
        assertThat(parse(instagram, "instagram-audio-video-file", v).get(0).attachments())
                .extracting(Inbound.Attachment::type).containsExactly("audio", "video", "file");
        Inbound story = parse(instagram, "instagram-story-reply", v).get(0);
        assertThat(story).extracting(Inbound::kind, Inbound::payload)
                .containsExactly(Kind.STORY_REPLY, "https://lookaside.fbsbx.com/story.jpg");
        assertThat(parse(instagram, "instagram-story-mention", v).get(0).kind()).isEqualTo(Kind.STORY_MENTION);
        assertThat(parse(instagram, "instagram-deleted", v).get(0)).extracting(Inbound::kind, Inbound::networkMessageId)
                .containsExactly(Kind.DELETION, "aWdf0");
        assertThat(parse(instagram, "instagram-unsupported", v).get(0).kind()).isEqualTo(Kind.UNSUPPORTED);
        assertThat(parse(instagram, "instagram-read", v).get(0)).extracting(Inbound::kind, Inbound::networkMessageId)
                .containsExactly(Kind.READ, "aWdf0");
        assertThat(parse(instagram, "instagram-reaction", v).get(0).reaction()).isEqualTo("❤️");
    }

    @Test
    void instagramEchoesQuickRepliesPostbacksAndTakenBackReactionsParseToo() {
        Map<String, String> v = Map.of("__PAGE__", "1789", "__USER__", "777", "__MID__", "aWdf9", "__REF__", "aWdf0",
                "__TEXT__", "Sent from the Instagram app");
        Inbound echo = parse(instagram, "instagram-echo", v).get(0);
        assertThat(echo).extracting(Inbound::kind, Inbound::contactExternalId, Inbound::networkMessageId, Inbound::text)
                .containsExactly(Kind.ECHO, "777", "aWdf9", "Sent from the Instagram app");
        assertThat(parse(instagram, "instagram-quick-reply", v).get(0)).extracting(Inbound::kind, Inbound::text,
                Inbound::payload).containsExactly(Kind.QUICK_REPLY, "Red", "COLOR_RED");
        assertThat(parse(instagram, "instagram-postback", v).get(0)).extracting(Inbound::kind, Inbound::text,
                Inbound::payload).containsExactly(Kind.POSTBACK, "Talk to a person", "HUMAN");
        Inbound unreact = parse(instagram, "instagram-unreact", v).get(0);
        assertThat(unreact).extracting(Inbound::kind, Inbound::networkMessageId).containsExactly(Kind.REACTION, "aWdf0");
        assertThat(unreact.reaction()).as("taken back").isNull();
    }

    @Test
    void anAttachmentGoesAsItsOwnSendApiCallByItsLink() throws Exception {
        Outbound.File photo = new Outbound.File("image", "image/png", 2048, "https://parley.example/api/v1/media/u-1?exp=1&sig=s",
                "shelf.png");
        messenger.send(PAGE, new Outbound("555", null, List.of(photo), true, false));
        JsonNode body = new ObjectMapper().readTree(graph.sends().get(graph.sends().size() - 1).body());
        assertThat(body.at("/message/attachment/type").asText()).isEqualTo("image");
        assertThat(body.at("/message/attachment/payload/url").asText()).isEqualTo(photo.url());
        assertThat(body.at("/message/text").isMissingNode()).isTrue();
        int before = graph.sends().size();
        assertThatThrownBy(() -> messenger.send(PAGE, new Outbound("555", "caption", List.of(photo), true, false)))
                .isInstanceOfSatisfying(ChannelException.class, e -> assertThat(e.error).isEqualTo(ChannelError.REFUSED));
        assertThat(graph.sends()).hasSize(before);
        Outbound both = new Outbound("555", "caption", List.of(photo, photo), true, false);
        assertThat(messenger.parts(both)).extracting(o -> o.attachments().size(), Outbound::text)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, null), org.assertj.core.groups.Tuple.tuple(1, null),
                        org.assertj.core.groups.Tuple.tuple(0, "caption"));
        assertThat(instagram.policy().refusal("Instagram", "audio/webm", 1000)).map(r -> r.code())
                .contains("channel_attachment_type");
        assertThat(messenger.policy().refusal("Messenger", "audio/webm", 1000)).isEmpty();
        assertThat(messenger.policy().refusal("Messenger", "image/png", (8L << 20) + 1)).map(r -> r.code())
                .contains("channel_attachment_too_large");
        assertThat(messenger.policy().refusal("Messenger", "video/mp4", 20L << 20)).isEmpty();
    }

    @Test
    void aDeliveryOfTheOtherNetworkOrNotJsonIsRefused() {
        byte[] ig = MetaFixtures.body("instagram-text", Map.of());
        assertThatThrownBy(() -> messenger.parse(ig)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> messenger.parse("nope".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aReplyGoesAsAResponseOrWithTheHumanAgentTagAndAnswersTheNetworksId() throws Exception {
        String id = messenger.send(PAGE, new Outbound("555", "Thanks!", List.of(), true, false));
        assertThat(id).startsWith("m_sent_");
        GraphStub.Call call = graph.sends().get(graph.sends().size() - 1);
        assertThat(call.path()).isEqualTo("/v21.0/1234/messages");
        assertThat(call.authorization()).isEqualTo("Bearer page-token");
        assertThat(call.query()).as("the token is never in the URL").isNull();
        JsonNode body = new ObjectMapper().readTree(call.body());
        assertThat(body.at("/recipient/id").asText()).isEqualTo("555");
        assertThat(body.at("/messaging_type").asText()).isEqualTo("RESPONSE");
        assertThat(body.at("/message/text").asText()).isEqualTo("Thanks!");
        assertThat(body.has("tag")).isFalse();

        messenger.send(PAGE, new Outbound("555", "Late answer", List.of(), true, true));
        JsonNode tagged = new ObjectMapper().readTree(graph.sends().get(graph.sends().size() - 1).body());
        assertThat(tagged.at("/messaging_type").asText()).isEqualTo("MESSAGE_TAG");
        assertThat(tagged.at("/tag").asText()).isEqualTo("HUMAN_AGENT");
    }

    @Test
    void eachDocumentedErrorCodeIsMappedByCodeNotText() {
        record Case(int status, int code, int subcode, ChannelError expected) {}
        List<Case> cases = List.of(
                new Case(400, 10, 2018278, ChannelError.WINDOW_CLOSED),
                new Case(400, 551, 1545041, ChannelError.RECIPIENT_UNAVAILABLE),
                new Case(401, 190, 463, ChannelError.RECONNECT_NEEDED),
                new Case(400, 190, -1, ChannelError.RECONNECT_NEEDED),
                new Case(400, 4, -1, ChannelError.RATE_LIMITED),
                new Case(400, 613, -1, ChannelError.RATE_LIMITED),
                new Case(400, 80006, -1, ChannelError.RATE_LIMITED),
                new Case(500, 2, -1, ChannelError.TEMPORARY),
                new Case(500, 1200, -1, ChannelError.TEMPORARY),
                new Case(400, 100, 2018001, ChannelError.REFUSED));
        for (Case c : cases) {
            graph.failNextSend(c.status(), "{\"error\":{\"message\":\"whatever the text says\",\"type\":\"OAuthException\","
                    + "\"code\":" + c.code() + (c.subcode() > 0 ? ",\"error_subcode\":" + c.subcode() : "")
                    + ",\"fbtrace_id\":\"A1\"}}");
            assertThatThrownBy(() -> messenger.send(PAGE, new Outbound("555", "hi", List.of(), true, false)))
                    .as("code %s/%s", c.code(), c.subcode())
                    .isInstanceOfSatisfying(ChannelException.class, e -> assertThat(e.error).as(e.getMessage()).isEqualTo(c.expected()));
        }
        graph.failNextSend(503, "<html>down</html>");
        assertThatThrownBy(() -> messenger.send(PAGE, new Outbound("555", "hi", List.of(), true, false)))
                .isInstanceOfSatisfying(ChannelException.class, e -> assertThat(e.error).isEqualTo(ChannelError.TEMPORARY));
    }

    @Test
    void aProfileIsReadAndAMissingOneIsAllowed() throws Exception {
        graph.profile("555", "{\"first_name\":\"Zoë\",\"last_name\":\"Ng\",\"profile_pic\":\"https://x/p.jpg\"}");
        assertThat(messenger.profile(PAGE, "555")).map(Inbound.Profile::name).contains("Zoë Ng");
        assertThat(messenger.profile(PAGE, "nobody")).isEqualTo(Optional.empty());
    }
}
