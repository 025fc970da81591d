package dev.parley.channels;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Eventually;
import dev.parley.testing.MutableClock;
import dev.parley.testing.TestNode;
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
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A business's Messenger and Instagram accounts in its inbox, end to end on a real node, with Meta's
 * Graph API stubbed on 127.0.0.1: the webhook's security, contacts, the round trip through triage,
 * the FAQ bot and an agent's reply and its echo, the window on a fixed clock, and mapped errors.
 */
class ChannelsTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
    static GraphStub graph;
    static TestNode node;
    static Api api;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static int n;

    Person owner;
    String base;
    String page;

    @BeforeAll
    static void start() {
        graph = new GraphStub();
        node = TestNode.start(Map.of("channels.meta.app_secret", MetaFixtures.SECRET,
                "channels.meta.verify_token", "verify-me", "channels.meta.app_id", MetaFixtures.APP_ID,
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
        owner = api.signUp("ch_owner" + n);
        String id = api.post("/api/v1/businesses", owner.token(), Map.of("handle", "ch_shop" + n, "display_name",
                "Shop " + n)).expect(201).body().at("/business/id").asText();
        base = "/api/v1/businesses/" + id;
        page = "10" + n + "00" + System.nanoTime() % 100000;
        graph.profile(page, "{\"name\":\"Shop Page " + n + "\",\"id\":\"" + page + "\"}");
    }

    private JsonNode connect(String network) {
        return api.post(base + "/channels", owner.token(), Map.of("network", network, "external_id", page,
                "access_token", "tok-" + page)).expect(201).body();
    }

    private HttpResponse<String> post(String network, byte[] body, String signature) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/channels/" + network + "/webhook"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json");
        if (signature != null) {
            b.header("X-Hub-Signature-256", signature);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void deliver(String network, String fixture, Map<String, String> values) {
        Map<String, String> v = new HashMap<>(values);
        v.putIfAbsent("__PAGE__", page);
        v.putIfAbsent("__TS__", String.valueOf(CLOCK.instant().toEpochMilli()));
        byte[] body = MetaFixtures.body(fixture, v);
        HttpResponse<String> r = post(network, body, MetaFixtures.sign(MetaFixtures.SECRET, body));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private String conversation() {
        return Eventually.await("the channel conversation", WAIT,
                () -> api.get(base + "/conversations", owner.token()).expect(200).body().get("items"),
                items -> items.size() > 0).get(0).get("id").asText();
    }

    private List<JsonNode> messages(String c) {
        List<JsonNode> out = new ArrayList<>();
        api.get(base + "/conversations/" + c + "/messages", owner.token()).expect(200).body().get("items")
                .forEach(out::add);
        return out;
    }

    private List<JsonNode> awaitMessages(String c, Predicate<List<JsonNode>> done) {
        return Eventually.await("the thread", WAIT, () -> messages(c), done);
    }

    private static List<String> texts(List<JsonNode> ms) {
        return ms.stream().map(m -> m.get("text").asText()).toList();
    }

    private String reply(String c, String text, int status) {
        Api.Res r = api.post(base + "/conversations/" + c + "/messages", owner.token(),
                Map.of("client_id", "r" + System.nanoTime(), "text", text)).expect(status);
        return status == 201 ? r.body().get("id").asText() : r.code();
    }

    private JsonNode awaitReply(String messageId, String status) {
        return Eventually.await("the reply " + status, WAIT,
                () -> api.get(base + "/channels/replies/" + messageId, owner.token()).expect(200).body(),
                b -> b.get("status").asText().equals(status));
    }

    @Test
    void theWebhookRefusesWhatItCannotVerifyBeforeReadingIt() {
        byte[] body = MetaFixtures.body("messenger-text", Map.of("__PAGE__", "1", "__TEXT__", "Grüße 👋🏽 你好"));
        String sig = MetaFixtures.sign(MetaFixtures.SECRET, body);
        HttpResponse<String> missing = post("messenger", body, null);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.body()).contains("channel_signature_invalid");
        assertThat(missing.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        byte[] flipped = body.clone();
        flipped[40] ^= 1;
        assertThat(post("messenger", flipped, sig).statusCode()).isEqualTo(401);
        assertThat(post("messenger", body, sig).statusCode()).as("emoji and non-ASCII verify").isEqualTo(200);
        assertThat(post("fax", body, sig).statusCode()).isEqualTo(404);
        Api.Res hello = api.get("/api/v1/channels/instagram/webhook?hub.mode=subscribe&hub.verify_token=verify-me"
                + "&hub.challenge=1158201444", null).expect(200);
        assertThat(hello.raw()).isEqualTo("1158201444");
        Api.Res wrongToken = api.get("/api/v1/channels/instagram/webhook?hub.mode=subscribe&hub.verify_token=nope"
                + "&hub.challenge=1", null).expect(403);
        assertThat(wrongToken.body().get("detail").asText()).contains("token does not match");
        // The right token with a challenge that is markup: refused, and the detail names the challenge.
        Api.Res markup = api.get("/api/v1/channels/messenger/webhook?hub.mode=subscribe&hub.verify_token=verify-me"
                + "&hub.challenge=%3Cb%3E1%3C%2Fb%3E", null).expect(403);
        assertThat(markup.code()).isEqualTo("channel_handshake_refused");
        assertThat(markup.body().get("detail").asText()).contains("hub.challenge").doesNotContain("token does not match");
        try (TestNode unset = TestNode.start(Map.of())) {
            HttpRequest r = HttpRequest.newBuilder(URI.create(unset.api.base() + "/api/v1/channels/messenger/webhook"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("X-Hub-Signature-256", sig).build();
            assertThat(HTTP.send(r, HttpResponse.BodyHandlers.ofString()).statusCode()).as("no secret set").isEqualTo(401);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aBusinessConnectsAPageAndSeesItsState() {
        JsonNode ch = connect("messenger");
        assertThat(ch.get("state").asText()).isEqualTo("connected");
        assertThat(ch.get("name").asText()).isEqualTo("Shop Page " + n);
        assertThat(ch.toString()).doesNotContain("tok-");
        assertThat(graph.calls).anyMatch(c -> c.path().equals("/v21.0/" + page + "/subscribed_apps")
                && "Bearer tok-".concat(page).equals(c.authorization()));
        assertThat(api.get(base + "/channels", owner.token()).expect(200).body().get("items")).hasSize(1);
        Person stranger = api.signUp("ch_stranger" + n);
        api.get(base + "/channels", stranger.token()).expect(404);
        String other = api.post("/api/v1/businesses", stranger.token(), Map.of("handle", "ch_other" + n,
                "display_name", "Other")).expect(201).body().at("/business/id").asText();
        assertThat(api.post("/api/v1/businesses/" + other + "/channels", stranger.token(), Map.of("network", "messenger",
                "external_id", page, "access_token", "t")).expect(409).code()).isEqualTo("channel_taken");
    }

    /**
     * A Page one business disconnected can move to another (a shop sold, an agency handing over):
     * the new business starts with its own contacts and none of the old one's conversations, which
     * stay with the business that had them.
     */
    @Test
    void aPageDisconnectedByOneBusinessCanBeConnectedByAnother() {
        String channel = connect("messenger").get("id").asText();
        deliver("messenger", "messenger-text", Map.of("__USER__", "560", "__MID__", "m_old_" + n, "__TEXT__", "for the old owner"));
        String old = conversation();
        api.call("DELETE", base + "/channels/" + channel, owner.token(), null).expect(204);

        Person buyer = api.signUp("ch_buyer" + n);
        String bought = "/api/v1/businesses/" + api.post("/api/v1/businesses", buyer.token(), Map.of("handle",
                "ch_bought" + n, "display_name", "Bought")).expect(201).body().at("/business/id").asText();
        api.post(bought + "/channels", buyer.token(), Map.of("network", "messenger", "external_id", page,
                "access_token", "tok2-" + page)).expect(201);
        deliver("messenger", "messenger-text", Map.of("__USER__", "560", "__MID__", "m_new_" + n, "__TEXT__", "for the new owner"));
        JsonNode items = Eventually.await("the new owner's conversation", WAIT,
                () -> api.get(bought + "/conversations", buyer.token()).expect(200).body().get("items"), i -> i.size() > 0);
        String fresh = items.get(0).get("id").asText();
        assertThat(fresh).isNotEqualTo(old);
        assertThat(Eventually.await("the new owner's message", WAIT, () -> api.get(bought + "/conversations/" + fresh
                + "/messages", buyer.token()).expect(200).body().get("items"), i -> i.size() > 0).toString())
                .contains("for the new owner").doesNotContain("for the old owner");
        api.get(bought + "/conversations/" + old + "/messages", buyer.token()).expect(404);
        // The old owner keeps its history, sees its channel as it was, and cannot take the Page back.
        assertThat(texts(messages(old))).containsExactly("for the old owner");
        JsonNode mine = api.get(base + "/channels", owner.token()).expect(200).body().at("/items/0");
        assertThat(mine.get("external_id").asText()).isEqualTo(page);
        assertThat(mine.get("state").asText()).isEqualTo("disconnected");
        assertThat(api.post(base + "/channels", owner.token(), Map.of("network", "messenger", "external_id", page,
                "access_token", "t")).expect(409).code()).isEqualTo("channel_taken");
    }

    @Test
    void aCustomersMessagesEnterTheInboxOnceAsOneContactNobodyElseCanReach() throws Exception {
        connect("instagram");
        CompletableFuture<Void> a = CompletableFuture.runAsync(() -> deliver("instagram", "instagram-text",
                Map.of("__USER__", "777", "__MID__", "aWdf-1-" + n, "__TEXT__", "first")));
        CompletableFuture<Void> b = CompletableFuture.runAsync(() -> deliver("instagram", "instagram-text",
                Map.of("__USER__", "777", "__MID__", "aWdf-2-" + n, "__TEXT__", "second")));
        CompletableFuture.allOf(a, b).get();
        String c = conversation();
        List<JsonNode> ms = awaitMessages(c, l -> l.size() == 2);
        assertThat(texts(ms)).containsExactlyInAnyOrder("first", "second");
        deliver("instagram", "instagram-text", Map.of("__USER__", "777", "__MID__", "aWdf-1-" + n, "__TEXT__", "first"));
        deliver("instagram", "instagram-story-mention", Map.of("__USER__", "777", "__MID__", "aWdf-3-" + n));
        ms = awaitMessages(c, l -> l.size() == 3);
        assertThat(texts(ms)).as("a repeat is a no-op").containsOnlyOnce("first");
        assertThat(ms.get(2).get("text").asText()).startsWith("Mentioned you in their story");
        assertThat(api.get(base + "/conversations", owner.token()).body().get("items")).hasSize(1);
        deliver("instagram", "instagram-deleted", Map.of("__USER__", "777", "__REF__", "aWdf-2-" + n));
        Eventually.await("the deleted message unsent", WAIT, () -> messages(c).stream()
                .anyMatch(m -> m.get("deleted").asBoolean() && m.path("text").asText("").isEmpty()));
        deliver("instagram", "instagram-story-reply", Map.of("__USER__", "777", "__MID__", "aWdf-4-" + n,
                "__TEXT__", "Love these! 😍"));
        deliver("instagram", "instagram-unsupported", Map.of("__USER__", "777", "__MID__", "aWdf-5-" + n));
        ms = awaitMessages(c, l -> l.size() == 5);
        assertThat(ms.get(3).get("text").asText()).isEqualTo(
                "Replied to your story https://lookaside.fbsbx.com/story.jpg:\nLove these! 😍");
        assertThat(ms.get(4).get("text").asText()).contains("can't be shown in Parley");
        String contact = ms.get(0).get("sender_id").asText();
        assertThat(api.get(base + "/conversations/" + c, owner.token()).expect(200).body().get("members").toString())
                .as("no profile: the network's name for a customer").contains("Instagram customer");
        Person someone = api.signUp("ch_someone" + n);
        api.get("/api/v1/accounts/" + contact, someone.token()).expect(404);
        api.post("/api/v1/conversations", someone.token(), Map.of("member_ids", List.of(contact))).expect(404);
    }

    /**
     * An event that names no sender id (Meta's checkbox opt-in names a user_ref; a malformed one a
     * bare string) is no conversation: it is dropped at once, and the Page's next message is not
     * held behind its retries (it was, for about four minutes each time).
     */
    @Test
    void anEventWithoutASenderIdIsDroppedAndTheNextMessageArrivesAtOnce() {
        connect("messenger");
        deliver("messenger", "messenger-optin", Map.of("__REF__", "uref-" + n));
        deliver("messenger", "messenger-text", Map.of("__USER__", "559", "__MID__", "m_o_" + n, "__TEXT__", "after the opt-in"));
        String c = Eventually.await("the channel conversation", Duration.ofSeconds(8),
                () -> api.get(base + "/conversations", owner.token()).expect(200).body().get("items"),
                items -> items.size() > 0).get(0).get("id").asText();
        assertThat(texts(awaitMessages(c, l -> !l.isEmpty()))).containsExactly("after the opt-in");
        assertThat(api.get(base + "/conversations", owner.token()).body().get("items")).hasSize(1);
    }

    @Test
    void aRoundTripThroughTriageTheFaqBotAndAnAgentWithItsEchoShownOnce() {
        connect("messenger");
        api.post(base + "/faq", owner.token(), Map.of("question", "What are your opening hours?",
                "answer", "We are open 9 to 5, Monday to Friday.")).expect(201);
        api.call("PUT", base + "/automation", owner.token(), Map.of("faq_bot", Map.of("enabled", true))).expect(200);
        graph.profile("555", "{\"first_name\":\"Zoë\",\"last_name\":\"Ng\",\"profile_pic\":\"https://x/p.jpg\"}");
        deliver("messenger", "messenger-text", Map.of("__USER__", "555", "__MID__", "m_q_" + n,
                "__TEXT__", "What are your opening hours?"));
        String c = conversation();
        List<JsonNode> ms = awaitMessages(c, l -> l.size() >= 2);
        assertThat(ms.get(1).get("author_kind").asText()).isEqualTo("bot");
        String customer = ms.get(0).get("sender_id").asText();
        Eventually.await("the customer's name from their profile", WAIT, () -> api.get(base + "/conversations/" + c,
                owner.token()).expect(200).body().get("members"), members -> members.toString().contains("Zoë Ng")
                && members.toString().contains(customer));
        Eventually.await("the bot's answer went to Messenger", WAIT, () -> graph.sends().stream()
                .anyMatch(s -> s.path().equals("/v21.0/" + page + "/messages") && s.body().contains("open 9 to 5")));

        deliver("messenger", "messenger-text", Map.of("__USER__", "555", "__MID__", "m_c_" + n,
                "__TEXT__", "My parcel arrived broken and nobody answers my emails, this is unacceptable!"));
        Eventually.await("the complaint label", WAIT, () -> api.get(base + "/inbox/" + c, owner.token()).expect(200)
                .body(), i -> i.at("/triage/label").asText().equals("complaint"));

        String sent = reply(c, "Sorry about that, we send a new one today.", 201);
        String mid = awaitReply(sent, "sent").get("network_message_id").asText();
        GraphStub.Call call = graph.sends().stream().filter(s -> s.body().contains("we send a new one today"))
                .findFirst().orElseThrow();
        assertThat(call.body()).contains("\"recipient\":{\"id\":\"555\"}").contains("\"messaging_type\":\"RESPONSE\"");
        assertThat(call.authorization()).isEqualTo("Bearer tok-" + page);
        assertThat(mid).startsWith("m_sent_");
        // Meta echoes our own send (naming our app), and once more as if from another app, by the same id.
        deliver("messenger", "messenger-echo", Map.of("__USER__", "555", "__MID__", mid,
                "__TEXT__", "Sorry about that, we send a new one today."));
        deliver("messenger", "messenger-echo", Map.of("__USER__", "555", "__MID__", mid, "__APP__", "263902037430900",
                "__TEXT__", "Sorry about that, we send a new one today."));
        // The owner answers from the Messenger app itself: shown once, as the business's.
        deliver("messenger", "messenger-echo", Map.of("__USER__", "555", "__MID__", "m_app_" + n,
                "__APP__", "263902037430900", "__TEXT__", "Sent from the Page inbox"));
        deliver("messenger", "messenger-echo", Map.of("__USER__", "555", "__MID__", "m_app_" + n,
                "__APP__", "263902037430900", "__TEXT__", "Sent from the Page inbox"));
        // An echo that comes while a reply to the same person is still in the outbox (an automatic
        // reply, under load) waits a second of the node's clock, which this test holds still: let it move.
        ms = Eventually.await("the thread", WAIT, () -> {
            CLOCK.advance(Duration.ofMillis(500));
            return messages(c);
        }, l -> texts(l).contains("Sent from the Page inbox"));
        Eventually.sleep(Duration.ofMillis(800));
        ms = messages(c);
        assertThat(texts(ms)).containsOnlyOnce("Sorry about that, we send a new one today.", "Sent from the Page inbox");
        JsonNode fromApp = ms.get(ms.size() - 1);
        assertThat(fromApp.get("sender_id").asText()).isEqualTo(base.substring(base.lastIndexOf('/') + 1));
        assertThat(graph.sends().stream().filter(s -> s.body().contains("Sent from the Page inbox"))).isEmpty();

        // The customer reacts to the reply, then takes the reaction back.
        deliver("messenger", "messenger-reaction", Map.of("__USER__", "555", "__REF__", mid));
        Eventually.await("the reaction", WAIT, () -> messages(c).stream()
                .anyMatch(m -> m.get("id").asText().equals(sent) && m.path("reactions").has("❤️")));
        deliver("messenger", "messenger-unreact", Map.of("__USER__", "555", "__REF__", mid, "__TS__",
                String.valueOf(CLOCK.instant().toEpochMilli() + 1)));
        Eventually.await("the reaction removed", WAIT, () -> messages(c).stream()
                .anyMatch(m -> m.get("id").asText().equals(sent) && !m.path("reactions").has("❤️")));
    }

    @Test
    void theWindowOnAFixedClock() {
        connect("messenger");
        deliver("messenger", "messenger-text", Map.of("__USER__", "556", "__MID__", "m_w_" + n, "__TEXT__", "hello?"));
        String c = conversation();
        awaitMessages(c, l -> l.size() == 1);
        Instant wrote = CLOCK.instant();
        try {
            CLOCK.advanceTo(wrote.plus(Duration.ofHours(23).plusMinutes(59)));
            awaitReply(reply(c, "at 23:59", 201), "sent");
            CLOCK.advanceTo(wrote.plus(Duration.ofHours(24).plusMinutes(1)));
            assertThat(reply(c, "at 24:01", 409)).isEqualTo("channel_window_closed");
            // The composer's check says so before sending, as it must for every refusal a send would get.
            JsonNode check = api.post(base + "/conversations/" + c + "/messages/check", owner.token(),
                    Map.of("text", "at 24:01")).expect(200).body();
            assertThat(check.get("allowed").asBoolean()).isFalse();
            assertThat(check.get("code").asText()).isEqualTo("channel_window_closed");
            String channel = api.get(base + "/channels", owner.token()).body().at("/items/0/id").asText();
            api.call("PUT", base + "/channels/" + channel + "/human-agent", owner.token(), Map.of("approved", true))
                    .expect(200);
            awaitReply(reply(c, "at 24:01 by a person", 201), "sent");
            assertThat(graph.sends().get(graph.sends().size() - 1).body()).contains("\"tag\":\"HUMAN_AGENT\"");
            CLOCK.advanceTo(wrote.plus(Duration.ofDays(6).plusHours(23)));
            awaitReply(reply(c, "at 6 d 23 h", 201), "sent");
            CLOCK.advanceTo(wrote.plus(Duration.ofDays(7).plusHours(1)));
            assertThat(reply(c, "at 7 d 1 h", 409)).isEqualTo("channel_window_closed");
            assertThat(api.post(base + "/conversations/" + c + "/messages/check", owner.token(),
                    Map.of("text", "at 7 d 1 h")).expect(200).body().get("code").asText()).isEqualTo("channel_window_closed");
            assertThat(graph.sends()).noneMatch(s -> s.body().contains("at 24:01\"") || s.body().contains("7 d 1 h"));
        } finally {
            CLOCK.advanceTo(wrote.plus(Duration.ofDays(8)));
        }
    }

    @Test
    void aNetworkUrlTheGuardRefusesIsNamedInTheLog() {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        root.addAppender(lines);
        try (TestNode guarded = TestNode.start(Map.of("channels.meta.app_secret", MetaFixtures.SECRET,
                "channels.meta.app_id", MetaFixtures.APP_ID, "channels.meta.graph_url", graph.url()))) {
            Person o = guarded.api.signUp("ch_guarded");
            String b = guarded.api.post("/api/v1/businesses", o.token(), Map.of("handle", "ch_guarded_shop",
                    "display_name", "Guarded")).expect(201).body().at("/business/id").asText();
            Api.Res r = guarded.api.post("/api/v1/businesses/" + b + "/channels", o.token(), Map.of("network",
                    "messenger", "external_id", page, "access_token", "tok-" + page));
            assertThat(r.status()).isEqualTo(502);
            assertThat(r.code()).isEqualTo("channel_unavailable");
        } finally {
            root.detachAppender(lines);
        }
        assertThat(lines.list).anySatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
            assertThat(e.getFormattedMessage()).contains("127.0.0.1").contains("outbound.allow_private_addresses=on");
        });
    }

    @Test
    void aDeliveryStampedAheadOpensTheWindowNoLaterThanItCame() {
        connect("messenger");
        Instant received = CLOCK.instant();
        deliver("messenger", "messenger-text", Map.of("__USER__", "558", "__MID__", "m_f_" + n, "__TEXT__", "from the future",
                "__TS__", String.valueOf(received.plus(Duration.ofDays(10)).toEpochMilli())));
        String c = conversation();
        awaitMessages(c, l -> l.size() == 1);
        try {
            CLOCK.advanceTo(received.plus(Duration.ofHours(24).plusMinutes(1)));
            assertThat(reply(c, "a day after it came", 409)).isEqualTo("channel_window_closed");
        } finally {
            CLOCK.advanceTo(received.plus(Duration.ofDays(8)));
        }
    }

    @Test
    void aRefusedTokenAsksForAReconnectAndARateLimitIsTriedAgain() {
        connect("messenger");
        deliver("messenger", "messenger-text", Map.of("__USER__", "557", "__MID__", "m_e_" + n, "__TEXT__", "hi"));
        String c = conversation();
        awaitMessages(c, l -> l.size() == 1);
        graph.failNextSend(400, "{\"error\":{\"message\":\"slow down\",\"code\":613}}");
        String limited = reply(c, "after a rate limit", 201);
        assertThat(Eventually.await("backing off", WAIT, () -> api.get(base + "/channels/replies/" + limited,
                owner.token()).expect(200).body(), b -> !b.get("error_code").isNull()).get("error_code").asText())
                .isEqualTo("channel_rate_limited");
        CLOCK.advance(Duration.ofSeconds(5)); // the back-off runs on the node's clock
        assertThat(awaitReply(limited, "sent").get("error_code").isNull()).as("delivered: no error left to show").isTrue();
        // A 2xx Parley cannot read is the network taking it: sent once, never again (the customer would get two).
        graph.failNextSend(200, "ok");
        int before = graph.calls.size();
        JsonNode unread = awaitReply(reply(c, "taken without an id", 201), "sent");
        assertThat(unread.get("network_message_id").isNull()).isTrue();
        assertThat(graph.calls.subList(before, graph.calls.size()))
                .filteredOn(call -> call.body() != null && call.body().contains("taken without an id")).hasSize(1);
        graph.failNextSend(400, "{\"error\":{\"message\":\"Error validating access token\",\"code\":190,"
                + "\"error_subcode\":460}}");
        JsonNode failed = awaitReply(reply(c, "with a revoked token", 201), "failed");
        assertThat(failed.get("error_code").asText()).isEqualTo("channel_reconnect_needed");
        assertThat(api.get(base + "/channels", owner.token()).body().at("/items/0/state").asText())
                .isEqualTo("needs_reconnect");
        assertThat(reply(c, "again", 409)).isEqualTo("channel_reconnect_needed");
        connect("messenger");
        awaitReply(reply(c, "after re-connecting", 201), "sent");
    }

    @Test
    void withoutAPublicAddressAReplyWithFilesIsRefusedBeforeAnythingIsWritten() {
        connect("messenger");
        deliver("messenger", "messenger-text", Map.of("__USER__", "558", "__MID__", "m_f_" + n, "__TEXT__", "a photo?"));
        String c = conversation();
        awaitMessages(c, l -> l.size() == 1);
        HttpRequest up = HttpRequest.newBuilder(URI.create(api.base() + base + "/uploads?name=a.png"))
                .header("Authorization", "Bearer " + owner.token())
                .POST(HttpRequest.BodyPublishers.ofByteArray(dev.parley.media.Samples.png(8, 8))).build();
        String file;
        try {
            file = new com.fasterxml.jackson.databind.ObjectMapper().readTree(HTTP.send(up,
                    HttpResponse.BodyHandlers.ofString()).body()).get("id").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Api.Res refused = api.post(base + "/conversations/" + c + "/messages", owner.token(), Map.of("client_id",
                "f" + n, "text", "here", "attachments", List.of(file))).expect(409);
        assertThat(refused.code()).isEqualTo("channel_public_url_missing");
        assertThat(refused.raw()).contains("public_url");
        assertThat(messages(c)).hasSize(1);
        awaitReply(reply(c, "text still goes", 201), "sent");
    }

    @Test
    void parleysBusinessRulesStillApplyInsideTheNetworksWindow() {
        connect("instagram");
        deliver("instagram", "instagram-text", Map.of("__USER__", "778", "__MID__", "aWdf-p-" + n,
                "__TEXT__", "Do you restock the green mugs?"));
        String c = conversation();
        awaitMessages(c, l -> l.size() == 1);
        int before = graph.sends().size();
        assertThat(reply(c, "Flash sale: 30% off all mugs, today only!", 403)).isEqualTo("promotional_content");
        String ok = reply(c, "Yes, on Monday.", 201);
        awaitReply(ok, "sent");
        assertThat(graph.sends().subList(before, graph.sends().size()))
                .noneMatch(s -> s.body().contains("Flash sale")).anyMatch(s -> s.body().contains("on Monday"));
    }
}
