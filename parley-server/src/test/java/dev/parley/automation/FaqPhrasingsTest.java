package dev.parley.automation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Eventually;
import dev.parley.testing.NodeFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An FAQ entry with several phrasings of its question, all pointing at one answer: created,
 * edited, tried (the try shows which phrasing matched) and answering a customer through a
 * phrasing other than the first. On both stores: the phrasings are stored.
 */
class FaqPhrasingsTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static final Api api = NODE.api();
    static final String WIFI_ANSWER = "Ask at the counter for the network name and password.";
    static final String ONLINE = "Can I use the internet in the shop?";
    static final String CUSTOMER = "can I use the internet while I am in your shop?";
    static int n;
    Person owner;
    String shop;
    String b;

    @BeforeEach
    void business() {
        n++;
        owner = api.signUp("fp_owner" + n);
        shop = api.post("/api/v1/businesses", owner.token(), Map.of("handle", "fp_shop" + n, "display_name", "Shop " + n))
                .expect(201).body().at("/business/id").asText();
        b = "/api/v1/businesses/" + shop;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asText()));
        return out;
    }

    @Test
    void anEntryTakesSeveralPhrasingsAndTheOldSingleQuestionStillWorks() {
        JsonNode made = api.post(b + "/faq", owner.token(), Map.of("questions",
                List.of("What are your opening hours?", " When are you open? ", "", "when are you open?"),
                "answer", "Tuesday to Saturday, 9 to 6.")).expect(201).body();
        assertThat(made.get("question").asText()).isEqualTo("What are your opening hours?");
        assertThat(texts(made.get("questions"))).as("stripped, blanks and repeats dropped")
                .containsExactly("What are your opening hours?", "When are you open?");

        JsonNode old = api.post(b + "/faq", owner.token(), Map.of("question", "Do you price match?",
                "examples", List.of("I found it cheaper elsewhere"), "answer", "Yes, any local shop.")).expect(201).body();
        assertThat(texts(old.get("questions"))).containsExactly("Do you price match?", "I found it cheaper elsewhere");
        JsonNode single = api.post(b + "/faq", owner.token(), Map.of("question", "Where is the store?",
                "answer", "14 Mill Road.")).expect(201).body();
        assertThat(texts(single.get("questions"))).containsExactly("Where is the store?");

        JsonNode listed = api.get(b + "/faq", owner.token()).expect(200).body().get("items");
        assertThat(listed).hasSize(3);
        assertThat(texts(listed.get(0).get("questions"))).containsExactly("What are your opening hours?", "When are you open?");
        assertThat(texts(listed.get(1).get("questions"))).containsExactly("Do you price match?", "I found it cheaper elsewhere");
    }

    @Test
    void editingAddsAndRemovesPhrasingsAndTryShowsWhichMatched() {
        String id = api.post(b + "/faq", owner.token(), Map.of("question", "What is the Wi-Fi password?",
                "answer", WIFI_ANSWER)).expect(201).body().get("id").asText();
        JsonNode before = api.post(b + "/faq/try", owner.token(), Map.of("question", CUSTOMER)).expect(200).body();
        assertThat(before.get("answers").asBoolean()).as("one phrasing: not sure enough (score %s)",
                before.get("score")).isFalse();

        JsonNode edited = api.call("PUT", b + "/faq/" + id, owner.token(), Map.of("questions",
                List.of("What is the Wi-Fi password?", ONLINE, "Do you sell gloves?"), "answer", WIFI_ANSWER))
                .expect(200).body();
        assertThat(texts(edited.get("questions"))).containsExactly("What is the Wi-Fi password?", ONLINE, "Do you sell gloves?");
        JsonNode after = api.post(b + "/faq/try", owner.token(), Map.of("question", CUSTOMER)).expect(200).body();
        assertThat(after.at("/entry/id").asText()).isEqualTo(id);
        assertThat(after.get("matched_question").asText()).isEqualTo(ONLINE);
        assertThat(after.get("answers").asBoolean()).as("score %s", after.get("score")).isTrue();

        // Removing a phrasing: the entry keeps the others.
        api.call("PUT", b + "/faq/" + id, owner.token(), Map.of("questions",
                List.of("What is the Wi-Fi password?", ONLINE), "answer", WIFI_ANSWER)).expect(200);
        JsonNode stored = api.get(b + "/faq", owner.token()).body().at("/items/0");
        assertThat(texts(stored.get("questions"))).containsExactly("What is the Wi-Fi password?", ONLINE);
    }

    @Test
    void badPhrasingsAreRefusedAndNothingIsWritten() {
        String id = api.post(b + "/faq", owner.token(), Map.of("questions", List.of("Do you repair bikes?", "Can you fix my bike?"),
                "answer", "Yes.")).expect(201).body().get("id").asText();
        List<Map<String, Object>> bad = List.of(
                Map.of("questions", List.of("Do you repair bikes?", "x".repeat(501)), "answer", "Yes."),
                Map.of("questions", List.of(" ", ""), "answer", "Yes."),
                Map.of("answer", "Yes."),
                Map.of("questions", java.util.stream.IntStream.range(0, 21).mapToObj(i -> "question " + i).toList(),
                        "answer", "Yes."));
        for (Map<String, Object> body : bad) {
            Api.Res created = api.post(b + "/faq", owner.token(), body).expect(422);
            assertThat(created.contentType()).startsWith("application/problem+json");
            assertThat(created.code()).isEqualTo("validation_failed");
            api.call("PUT", b + "/faq/" + id, owner.token(), body).expect(422);
        }
        JsonNode items = api.get(b + "/faq", owner.token()).body().get("items");
        assertThat(items).hasSize(1);
        assertThat(texts(items.get(0).get("questions"))).containsExactly("Do you repair bikes?", "Can you fix my bike?");

        // Another business's owner cannot see or change the entry: 404 as for an unknown id.
        Person other = api.signUp("fp_other" + n);
        api.call("PUT", b + "/faq/" + id, other.token(), Map.of("question", "mine now", "answer", "no")).expect(404);
    }

    @Test
    void aCustomerIsAnsweredThroughTheSecondPhrasing() {
        api.post(b + "/faq", owner.token(), Map.of("questions", List.of("What is the Wi-Fi password?", ONLINE),
                "answer", WIFI_ANSWER)).expect(201);
        api.call("PUT", b + "/automation", owner.token(), Map.of("faq_bot", Map.of("enabled", true))).expect(200);
        Person cus = api.signUp("fp_cus" + n);
        api.put("/api/v1/accounts/" + shop + "/like", cus.token()).expect(200);
        String c = api.open(cus, new Person(shop, null, null));
        long seq = api.send(cus, c, CUSTOMER).expect(201).body().get("seq").asLong();
        Eventually.await("automation handled the message", Duration.ofSeconds(30),
                () -> api.get(b + "/conversations/" + c + "/bot", owner.token()).expect(200).body()
                        .get("seen_seq").asLong(), seen -> seen >= seq);
        JsonNode replies = api.get("/api/v1/conversations/" + c + "/messages?after=" + seq, cus.token()).body().get("items");
        assertThat(replies).hasSize(1);
        assertThat(replies.get(0).get("text").asText()).contains("(a bot)").contains(WIFI_ANSWER);
    }

    @Test
    void questionsTheBotCouldNotAnswerAreOfferedAndOneAddedAsAPhrasingIsAnsweredNextTime() {
        // Another entry first, so the entry offered is the bot's nearest, not the list's first.
        api.post(b + "/faq", owner.token(), Map.of("question", "Do you sell gift vouchers?",
                "answer", "Yes, from £10 at the till.")).expect(201);
        String id = api.post(b + "/faq", owner.token(), Map.of("question", "What is the Wi-Fi password?",
                "answer", WIFI_ANSWER)).expect(201).body().get("id").asText();
        api.call("PUT", b + "/automation", owner.token(), Map.of("faq_bot", Map.of("enabled", true))).expect(200);
        String asked = "is there somewhere I can charge my phone?";
        Person cus = api.signUp("fp_un" + n);
        api.put("/api/v1/accounts/" + shop + "/like", cus.token()).expect(200);
        String c = api.open(cus, new Person(shop, null, null));
        assertThat(write(cus, c, asked)).singleElement().asString().doesNotContain(WIFI_ANSWER);
        Person other = api.signUp("fp_person" + n);
        api.put("/api/v1/accounts/" + shop + "/like", other.token()).expect(200);
        String co = api.open(other, new Person(shop, null, null));
        assertThat(write(other, co, "Can I talk to a person?")).as("asking for a person is no unanswered question")
                .singleElement().asString().contains("handing you to a person");

        JsonNode offered = api.get(b + "/faq/unanswered", owner.token()).expect(200).body().get("items");
        assertThat(offered).extracting(x -> x.get("text").asText()).containsExactly(asked);
        assertThat(offered.get(0).get("conversation_id").asText()).isEqualTo(c);
        assertThat(offered.get(0).get("nearest_entry_id").asText()).as("the bot's nearest entry").isEqualTo(id);
        Person stranger = api.signUp("fp_stranger" + n);
        api.get(b + "/faq/unanswered", stranger.token()).expect(404);

        api.call("PUT", b + "/faq/" + id, owner.token(), Map.of("questions",
                List.of("What is the Wi-Fi password?", asked), "answer", WIFI_ANSWER)).expect(200);
        assertThat(api.get(b + "/faq/unanswered", owner.token()).body().get("items")).as("now a phrasing").isEmpty();
        Person next = api.signUp("fp_next" + n);
        api.put("/api/v1/accounts/" + shop + "/like", next.token()).expect(200);
        String c2 = api.open(next, new Person(shop, null, null));
        assertThat(write(next, c2, asked)).singleElement().asString().contains(WIFI_ANSWER);
    }

    /** The customer writes; waits until automation has handled it; answers the business's replies since. */
    private List<String> write(Person customer, String conversation, String text) {
        long seq = api.send(customer, conversation, text).expect(201).body().get("seq").asLong();
        Eventually.await("automation handled the message", Duration.ofSeconds(30),
                () -> api.get(b + "/conversations/" + conversation + "/bot", owner.token()).expect(200).body()
                        .get("seen_seq").asLong(), seen -> seen >= seq);
        List<String> replies = new ArrayList<>();
        api.get("/api/v1/conversations/" + conversation + "/messages?after=" + seq, customer.token()).body().get("items")
                .forEach(m -> replies.add(m.get("text").asText()));
        return replies;
    }
}
