package dev.parley.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.client.ParleyClient;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Socket;
import dev.parley.testing.TestNode;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every message says who wrote it ({@code author_kind}), the same in history, in sync and on the
 * stream, so a customer and a client can tell an automatic reply or a bot from a person. On both
 * stores: the kind is stored with the message.
 */
class AuthorKindTest {
    static final String HOURS = "We're open 9 to 5 on weekdays.";
    static TestNode node;
    static Api api;
    static int n;
    Person owner;
    Person customer;
    String shop;
    String b;

    @BeforeAll
    static void start() {
        // The external bot's webhooks go nowhere here; registering it is what the test needs.
        node = TestNode.start(Map.of("automation.allow_private_webhooks", "on"));
        api = node.api;
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @BeforeEach
    void business() {
        n++;
        owner = api.signUp("ak_owner" + n);
        // A name ending in s: its possessive is "Harbour Outfitters'", not "Harbour Outfitters's".
        shop = api.post("/api/v1/businesses", owner.token(), Map.of("handle", "ak_shop" + n,
                "display_name", "Harbour Outfitters")).expect(201).body().at("/business/id").asText();
        b = "/api/v1/businesses/" + shop;
        customer = api.signUp("ak_cust" + n);
        api.put("/api/v1/accounts/" + shop + "/like", customer.token()).expect(200);
    }

    /** The kind of the message with this text, as the customer's history, sync and stream each show it. */
    private void assertKind(String conversation, String since, Socket stream, String text, String kind) {
        // Seen so far, awaited or not: a frame awaited before (the bot's answer, found by its text) still counts.
        JsonNode frame = stream.awaitSeen(f -> "event".equals(f.path("type").asText())
                && "message.created".equals(f.at("/event/type").asText())
                && text.equals(f.at("/event/data/message/text").asText()));
        assertThat(frame.at("/event/data/message/author_kind").asText()).as("stream: " + text).isEqualTo(kind);
        JsonNode synced = null;
        for (JsonNode e : api.get("/api/v1/sync?limit=1000&since=" + since, customer.token()).expect(200).body()
                .get("events")) {
            if ("message.created".equals(e.get("type").asText()) && text.equals(e.at("/data/message/text").asText())) {
                synced = e;
            }
        }
        assertThat(synced).as("sync holds " + text).isNotNull();
        assertThat(synced.at("/data/message/author_kind").asText()).as("sync: " + text).isEqualTo(kind);
        JsonNode stored = null;
        for (JsonNode m : api.get("/api/v1/conversations/" + conversation + "/messages", customer.token()).expect(200)
                .body().get("items")) {
            if (text.equals(m.get("text").asText())) {
                stored = m;
            }
        }
        assertThat(stored).as("history holds " + text).isNotNull();
        assertThat(stored.get("author_kind").asText()).as("history: " + text).isEqualTo(kind);
    }

    private String since(Person p) {
        return api.get("/api/v1/sync", p.token()).expect(200).body().get("next").asText();
    }

    @Test
    void aPersonAnAgentAndAnExternalBotAreEachNamedAsSuch() {
        String c = api.open(customer, new Person(shop, null, null));
        String since = since(customer);
        String token = api.post(b + "/bots", owner.token(), Map.of("name", "Helper", "url", "http://127.0.0.1:9/hook"))
                .expect(201).body().get("token").asText();
        try (Socket stream = Socket.open(node, customer.token(), "since=" + since)) {
            api.send(customer, c, "Where is my parcel?").expect(201);
            assertKind(c, since, stream, "Where is my parcel?", "person");
            api.post(b + "/conversations/" + c + "/messages", owner.token(),
                    Map.of("client_id", "agent-1", "text", "Let me check for you.")).expect(201);
            assertKind(c, since, stream, "Let me check for you.", "agent");
            api.post("/api/v1/conversations/" + c + "/messages", token,
                    Map.of("client_id", "bot-1", "text", "Your parcel left the warehouse today.")).expect(201);
            assertKind(c, since, stream, "Your parcel left the warehouse today.", "bot");
            // An agent's integration marks its sends automated: an automatic reply, not the agent's.
            api.post(b + "/conversations/" + c + "/messages", owner.token(),
                    Map.of("client_id", "crm-1", "text", "Ticket #12 opened.", "automated", true)).expect(201);
            assertKind(c, since, stream, "Ticket #12 opened.", "automation");
        }
        // The Java SDK reads the same kinds, and tells the automatic ones apart.
        ParleyClient sdk = ParleyClient.create(URI.create(api.base())).withToken(customer.token());
        assertThat(sdk.history(c).items()).extracting(dev.parley.client.Message::authorKind)
                .containsExactly("person", "agent", "bot", "automation");
        assertThat(sdk.history(c).items()).extracting(dev.parley.client.Message::automatic)
                .containsExactly(false, false, true, true);
        // A person's own sends over the stream are a person's too.
        Person friend = api.signUp("ak_friend" + n);
        api.befriend(friend, customer);
        String dm = api.open(customer, friend);
        String since2 = since(customer);
        try (Socket stream = Socket.open(node, customer.token(), "since=" + since2)) {
            stream.send("{\"type\":\"send\",\"conversation_id\":\"" + dm + "\",\"client_id\":\"s-1\",\"text\":\"hi there\"}");
            JsonNode sent = stream.await(f -> "sent".equals(f.path("type").asText()), Duration.ofSeconds(10));
            assertThat(sent.at("/message/author_kind").asText()).isEqualTo("person");
            assertKind(dm, since2, stream, "hi there", "person");
        }
    }

    @Test
    void anInstantReplyIsAutomationAndTheFaqBotIsABotThatSaysSoInItsHandOff() {
        api.post(b + "/faq", owner.token(), Map.of("question", "What are your opening hours?", "answer", HOURS))
                .expect(201);
        api.call("PUT", b + "/automation", owner.token(), Map.of(
                "instant_reply", Map.of("enabled", true, "text", "Thanks for writing to {{business.name_possessive}} team!")))
                .expect(200);
        String c = api.open(customer, new Person(shop, null, null));
        String since = since(customer);
        try (Socket stream = Socket.open(node, customer.token(), "since=" + since)) {
            api.send(customer, c, "Hello?").expect(201);
            assertKind(c, since, stream, "Thanks for writing to Harbour Outfitters' team!", "automation");

            api.call("PUT", b + "/automation", owner.token(), Map.of("faq_bot", Map.of("enabled", true))).expect(200);
            api.send(customer, c, "What are your opening hours?").expect(201);
            String answer = awaitText(stream, HOURS);
            assertThat(answer).startsWith("I'm Harbour Outfitters' automated assistant (a bot).");
            assertKind(c, since, stream, answer, "bot");

            api.send(customer, c, "I'd like a human please").expect(201);
            String handOff = awaitText(stream, "handing you to a person");
            assertThat(handOff).as("the bot says it is the bot when it hands over, in a few words since it spoke before")
                    .startsWith("Still the bot here: ").doesNotContain("automated assistant (a bot)");
            assertKind(c, since, stream, handOff, "bot");
        }
    }

    /**
     * The FAQ bot's starter questions are buttons: its greeting carries them as {@code quick_replies}
     * (history, stream and the Java SDK alike), and its text still lists them for clients that ignore
     * the field. A person's message never carries the field, even one that copies the bot's list, nor
     * does a bot message that offers none.
     */
    @Test
    void theBotsGreetingCarriesItsStarterQuestionsAsQuickRepliesAndNothingElseDoes() {
        api.post(b + "/faq", owner.token(), Map.of("question", "What are your opening hours?", "answer", HOURS))
                .expect(201);
        java.util.List<String> starters = java.util.List.of("What are your opening hours?", "Can I return an item?");
        api.call("PUT", b + "/automation", owner.token(), Map.of("faq_bot", Map.of("enabled", true,
                "starter_questions", starters))).expect(200);
        String c = api.open(customer, new Person(shop, null, null));
        String since = since(customer);
        String copied = "Look:\n\nYou can ask me, for example:\n• Anything free?";
        try (Socket stream = Socket.open(node, customer.token(), "since=" + since)) {
            api.send(customer, c, "Hello!").expect(201);
            JsonNode greeting = stream.await(f -> "message.created".equals(f.at("/event/type").asText())
                    && "bot".equals(f.at("/event/data/message/author_kind").asText()), Duration.ofSeconds(60))
                    .at("/event/data/message");
            assertThat(greeting.get("text").asText()).contains("You can ask me, for example:\n• What are your opening hours?");
            assertThat(strings(greeting.get("quick_replies"))).as("stream").isEqualTo(starters);
            api.send(customer, c, "What are your opening hours?").expect(201);
            awaitText(stream, HOURS);
        }
        // A person who copies the bot's list gets no buttons (sent last: the bot may read it as a miss).
        api.send(customer, c, copied).expect(201);
        Map<String, JsonNode> byText = new java.util.HashMap<>();
        api.get("/api/v1/conversations/" + c + "/messages", customer.token()).expect(200).body().get("items")
                .forEach(m -> byText.putIfAbsent(m.get("text").asText(), m));
        assertThat(strings(byText.get(greeting(byText)).get("quick_replies"))).as("history: the bot's greeting")
                .isEqualTo(starters);
        for (String t : java.util.List.of("Hello!", "What are your opening hours?", copied, HOURS)) {
            assertThat(byText.get(t).has("quick_replies")).as("no buttons on " + t).isFalse();
        }
        assertThat(byText.get(HOURS).get("author_kind").asText()).as("the bot's answer, which offers none").isEqualTo("bot");
        // The Java SDK reads them; an empty list elsewhere.
        ParleyClient sdk = ParleyClient.create(URI.create(api.base())).withToken(customer.token());
        assertThat(sdk.history(c).items()).filteredOn(m -> !m.quickReplies().isEmpty())
                .singleElement().satisfies(m -> {
                    assertThat(m.quickReplies()).isEqualTo(starters);
                    assertThat(m.authorKind()).isEqualTo("bot");
                });
    }

    /** The text of the bot's greeting: the message that lists the starter questions. */
    private static String greeting(Map<String, JsonNode> byText) {
        return byText.keySet().stream().filter(t -> t.startsWith("I'm Harbour Outfitters' automated assistant"))
                .findFirst().orElseThrow();
    }

    private static java.util.List<String> strings(JsonNode array) {
        java.util.List<String> out = new java.util.ArrayList<>();
        (array == null ? java.util.List.<JsonNode>of() : array).forEach(x -> out.add(x.asText()));
        return out;
    }

    /** The text of the first message pushed that contains the fragment. */
    private static String awaitText(Socket stream, String fragment) {
        return stream.await(f -> "event".equals(f.path("type").asText())
                        && "message.created".equals(f.at("/event/type").asText())
                        && f.at("/event/data/message/text").asText().contains(fragment), Duration.ofSeconds(60))
                .at("/event/data/message/text").asText();
    }
}
