package dev.parley.automation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Eventually;
import dev.parley.testing.NodeFixture;
import dev.parley.testing.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The FAQ bot's conversation as a customer and the team see it, for what an outside probe found wrong: an "ok
 * thanks" answered with a guess (and the next "ok 👍" taken as yes to it), complaints kept by the bot, hand-off
 * words firing inside ordinary questions, and hand-over notes that said the wrong thing. {@code …/faq/try} must give
 * the verdict the chat gives. On both stores: the bot's state, notes and the inbox live there.
 */
class FaqBotConversationTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static final Api api = NODE.api();
    static final String HOURS = "Mon-Sat 9-6.";
    static final String SHIPPING = "3-5 working days.";
    static final String RETURNS = "You can return unworn items within 30 days for a full refund.";
    static final String PAYPAL = "Yes, we take PayPal.";
    static final String HANDING = "handing you to a person";
    static final String INTRO = "automated assistant (a bot)";
    static int n;
    Person owner;
    String shop;
    String b;

    @BeforeEach
    void business() {
        n++;
        owner = api.signUp("fbc_owner" + n);
        shop = api.post("/api/v1/businesses", owner.token(), Map.of("handle", "fbc_shop" + n, "display_name",
                "Harbour " + n)).expect(201).body().at("/business/id").asText();
        b = "/api/v1/businesses/" + shop;
        entry(List.of("What are your opening hours?"), HOURS);
        entry(List.of("How long does shipping take?"), SHIPPING);
        entry(List.of("What is your return policy?", "How do I return something?"), RETURNS);
        entry(List.of("Can I pay with PayPal?", "Which payment methods do you accept?"), PAYPAL);
        api.call("PUT", b + "/automation", owner.token(), Map.of("faq_bot", Map.of("enabled", true))).expect(200);
    }

    private String entry(List<String> questions, String answer) {
        return api.post(b + "/faq", owner.token(), Map.of("questions", questions, "answer", answer)).expect(201).body()
                .get("id").asText();
    }

    private Person customer(String handle) {
        Person p = api.signUp(handle + n);
        api.put("/api/v1/accounts/" + shop + "/like", p.token()).expect(200);
        return p;
    }

    private String open(Person customer) {
        return api.open(customer, new Person(shop, null, null));
    }

    /** The customer writes; waits until automation has handled it; answers the business's replies since. */
    private List<String> write(Person customer, String conversation, String text) {
        long seq = api.send(customer, conversation, text).expect(201).body().get("seq").asLong();
        Eventually.await("automation handled the message", Duration.ofSeconds(30),
                () -> bot(conversation).get("seen_seq").asLong(), seen -> seen >= seq);
        List<String> replies = new ArrayList<>();
        for (JsonNode m : api.get("/api/v1/conversations/" + conversation + "/messages?after=" + seq, customer.token())
                .body().get("items")) {
            replies.add(m.get("text").asText());
        }
        return replies;
    }

    private JsonNode bot(String conversation) {
        return api.get(b + "/conversations/" + conversation + "/bot", owner.token()).expect(200).body();
    }

    private JsonNode tried(String question) {
        return api.post(b + "/faq/try", owner.token(), Map.of("question", question)).expect(200).body();
    }

    private List<String> notes(String conversation) {
        List<String> texts = new ArrayList<>();
        api.get(b + "/conversations/" + conversation + "/notes", owner.token()).expect(200).body().get("items")
                .forEach(note -> texts.add(note.get("text").asText()));
        return texts;
    }

    private List<String> unanswered() {
        List<String> texts = new ArrayList<>();
        api.get(b + "/faq/unanswered", owner.token()).expect(200).body().get("items")
                .forEach(u -> texts.add(u.get("text").asText()));
        return texts;
    }

    /** Polls the inbox item until the intake has caught up and it matches. */
    private JsonNode item(String conversation, Predicate<JsonNode> match) {
        return Eventually.await("inbox item matched", Duration.ofSeconds(30),
                () -> api.get(b + "/inbox/" + conversation, owner.token()).expect(200).body(), match);
    }

    private boolean inOpenView(String conversation) {
        for (JsonNode i : api.get(b + "/inbox?status=open", owner.token()).expect(200).body().get("items")) {
            if (conversation.equals(i.get("conversation_id").asText())) {
                return true;
            }
        }
        return false;
    }

    private static String assignee(JsonNode item) {
        JsonNode a = item.path("assignee");
        return a.isObject() ? a.path("id").asText() : a.asText(null);
    }

    static final List<String> ACKNOWLEDGEMENTS = List.of("ok thanks", "ok 👍", "Ok 👍🏽", "OK!", "okay", "k", "cool",
            "Great!", "alright", "sounds good", "perfect 👌", "noted", "got it", "that's great, cheers");

    /**
     * After an answer, customers acknowledge it. Each "ok thanks" got "Did you mean: “Can I pay with PayPal?”", and
     * the customer's next "ok 👍" was taken as yes to it: an answer to a question never asked, and a miss counted.
     */
    @Test
    void acknowledgementsAndAStrayYesGetNoReplyNoGuessAndNoMiss() {
        Person cus = customer("fbc_ack");
        String c = open(cus);
        assertThat(write(cus, c, "How long does shipping take?")).singleElement().asString().contains(SHIPPING);
        for (String ack : ACKNOWLEDGEMENTS) {
            assertThat(write(cus, c, ack)).as(ack).isEmpty();
        }
        for (String stray : List.of("yes", "no", "sure", "yes please")) {
            assertThat(write(cus, c, stray)).as("%s with nothing asked", stray).isEmpty();
        }
        assertThat(bot(c).get("misses").asInt()).isZero();
        assertThat(bot(c).get("handed_off").asBoolean()).isFalse();
        assertThat(unanswered()).as("no acknowledgement is offered as a question").isEmpty();
        assertThat(write(cus, c, "Can I pay with PayPal?")).containsExactly(PAYPAL);
        // The owner's preview says the same: no question, no guess.
        for (String ack : ACKNOWLEDGEMENTS) {
            JsonNode t = tried(ack);
            assertThat(t.get("verdict").asText()).as(ack).isEqualTo("no_question");
            assertThat(t.get("asks_back").asBoolean()).as(ack).isFalse();
            assertThat(t.get("answers").asBoolean()).as(ack).isFalse();
        }
        assertThat(tried("yes").get("verdict").asText()).isEqualTo("no_question");
    }

    /** A first "ok 👍" is still greeted (the reply due): pleasantries alone are no question. */
    @Test
    void aFirstAcknowledgementIsGreetedNotAskedBack() {
        Person cus = customer("fbc_first");
        String c = open(cus);
        assertThat(write(cus, c, "ok 👍")).singleElement().asString().contains("ask away").doesNotContain("Did you mean");
        assertThat(write(cus, c, "ok thanks")).isEmpty();
    }

    /** "ok" or 👍 alone still answers a pending "Did you mean …?"; "ok thanks" closes the conversation instead. */
    @Test
    void anOkToAPendingGuessGetsTheAnswerButOkThanksDoesNot() {
        String near = "which cards can I use to pay";
        double score = tried(near).get("score").asDouble();
        api.call("PUT", b + "/automation", owner.token(), Map.of("faq_bot", Map.of("enabled", true,
                "threshold", Math.min(0.99, score + 0.05)))).expect(200);
        assertThat(tried(near).get("asks_back").asBoolean()).isTrue();
        Person yes = customer("fbc_okyes");
        String c = open(yes);
        assertThat(write(yes, c, near)).singleElement().asString().contains("Did you mean:");
        assertThat(write(yes, c, "ok 👍")).singleElement().asString().contains(PAYPAL);

        Person closing = customer("fbc_okthanks");
        String d = open(closing);
        assertThat(write(closing, d, near)).singleElement().asString().contains("Did you mean:");
        assertThat(write(closing, d, "ok thanks")).isEmpty();
        assertThat(bot(d).get("handed_off").asBoolean()).isFalse();
    }

    /**
     * A complaint was asked to "put it another way" or "Did you mean: “What is your return policy?”", and stayed in the
     * Bot tab, unassigned, out of the open view: nobody on the team was told. It goes to a person at once now.
     */
    @Test
    void aComplaintGoesToAPersonAtOnceWithANoteSayingSo() {
        String complaint = "This is the third time my order was late. Absolutely unacceptable.";
        JsonNode t = tried(complaint);
        assertThat(t.get("verdict").asText()).isEqualTo("hands_over");
        assertThat(t.get("hand_over_reason").asText()).isEqualTo("complaint");
        assertThat(t.at("/triage/label").asText()).isEqualTo("complaint");
        try (Socket agent = Socket.open(NODE.node(), owner.token(), "business=" + shop)) {
            Person cus = customer("fbc_angry");
            String c = open(cus);
            assertThat(write(cus, c, complaint)).singleElement().asString().contains(HANDING)
                    .doesNotContain("Did you mean").doesNotContain("another way");
            assertThat(bot(c).get("handed_off").asBoolean()).isTrue();
            JsonNode item = item(c, i -> owner.id().equals(assignee(i)));
            assertThat(item.get("bot").asBoolean()).isFalse();
            assertThat(item.get("urgent").asBoolean()).isTrue();
            assertThat(inOpenView(c)).isTrue();
            assertThat(notes(c)).singleElement().asString().contains("complaint");
            assertThat(write(cus, c, "How do I return it?")).as("the bot has left").isEmpty();
            assertThat(unanswered()).doesNotContain(complaint);
        }
    }

    /** A complaint that asks what the bot is sure of gets the answer straight away, and a person too. */
    @Test
    void aComplaintWithAQuestionTheBotIsSureOfGetsTheAnswerAndAPerson() {
        String complaint = "Your jacket fell apart after two weeks, really disappointed. How do I return something?";
        JsonNode t = tried(complaint);
        assertThat(t.get("answers").asBoolean()).as("score %s", t.get("score")).isTrue();
        assertThat(t.get("hands_over").asBoolean()).isTrue();
        assertThat(t.get("hand_over_reason").asText()).isEqualTo("complaint");
        try (Socket agent = Socket.open(NODE.node(), owner.token(), "business=" + shop)) {
            Person cus = customer("fbc_fell");
            String c = open(cus);
            assertThat(write(cus, c, complaint)).singleElement().asString().contains(RETURNS)
                    .contains("passed your message to a person");
            assertThat(bot(c).get("handed_off").asBoolean()).isTrue();
            item(c, i -> owner.id().equals(assignee(i)));
            assertThat(notes(c)).singleElement().asString().contains("complaint")
                    .contains("What is your return policy?");
        }
    }

    /**
     * The default hand-off words fired anywhere: "can someone tell me…" and "in person" were handed over, unanswered,
     * while faq/try said the bot would answer. A request for a person still hands over, and faq/try says so.
     */
    @Test
    void aPersonWordInsideAQuestionIsNoRequestForAPersonAndTheTrySaysWhatTheChatDoes() {
        String someone = "Hi, can someone tell me your opening hours?";
        assertThat(tried(someone).get("verdict").asText()).isEqualTo("answers");
        Person cus = customer("fbc_someone");
        String c = open(cus);
        assertThat(write(cus, c, someone)).singleElement().asString().contains(HOURS);
        List<String> inPerson = write(cus, c, "Can I return a jacket in person?");
        assertThat(inPerson).singleElement().asString().doesNotContain(HANDING);
        assertThat(bot(c).get("handed_off").asBoolean()).isFalse();

        String asks = "is there a person I can talk to?";
        JsonNode t = tried(asks);
        assertThat(t.get("verdict").asText()).isEqualTo("hands_over");
        assertThat(t.get("hand_over_reason").asText()).isEqualTo("asked_for_person");
        assertThat(write(cus, c, asks)).singleElement().asString().contains(HANDING);
        assertThat(notes(c)).singleElement().asString().contains("asked for a person");
    }

    /** An owner's own topic word still hands over wherever it appears. */
    @Test
    void anOwnersTopicWordHandsOverWhereverItAppears() {
        api.call("PUT", b + "/automation", owner.token(), Map.of("handoff_words", List.of("human", "warranty")))
                .expect(200);
        assertThat(tried("Is my jacket still under warranty?").get("hand_over_reason").asText())
                .isEqualTo("handoff_word");
        Person cus = customer("fbc_warranty");
        String c = open(cus);
        assertThat(write(cus, c, "Is my jacket still under warranty?")).singleElement().asString().contains(HANDING);
        assertThat(notes(c)).singleElement().asString().contains("\u201cwarranty\u201d");
    }

    /** Praise was handed over with "no FAQ entry answers the question (… scored 0.00)" and listed as unanswered. */
    @Test
    void praiseIsHandedOverAsPraiseAndIsNoUnansweredQuestion() {
        String praise = "Loved the service yesterday, Tom was brilliant!";
        assertThat(tried(praise).get("hand_over_reason").asText()).isEqualTo("praise");
        Person cus = customer("fbc_praise");
        String c = open(cus);
        assertThat(write(cus, c, praise)).singleElement().asString().contains(HANDING);
        assertThat(notes(c)).singleElement().asString().contains("praise").doesNotContain("no FAQ entry");
        assertThat(unanswered()).doesNotContain(praise);
    }

    /** An entry deleted between "Did you mean …?" and the yes: the note says so, not "two messages in a row". */
    @Test
    void aYesToAGuessWhoseEntryWasDeletedHandsOverSayingSo() {
        String near = "which cards can I use to pay";
        double score = tried(near).get("score").asDouble();
        api.call("PUT", b + "/automation", owner.token(), Map.of("faq_bot", Map.of("enabled", true,
                "threshold", Math.min(0.99, score + 0.05)))).expect(200);
        String paypal = tried(near).at("/entry/id").asText();
        Person cus = customer("fbc_gone");
        String c = open(cus);
        assertThat(write(cus, c, near)).singleElement().asString().contains("Did you mean: \u201cCan I pay with PayPal?");
        api.delete(b + "/faq/" + paypal, owner.token()).expect(204);
        assertThat(write(cus, c, "yes")).singleElement().asString().contains(HANDING).doesNotContain(PAYPAL);
        assertThat(notes(c)).singleElement().asString().contains("deleted").doesNotContain("two messages in a row");
    }

    /**
     * The bot said who it is in its first message; handing over two messages later it said it again ("I'm Harbour's
     * automated assistant (a bot)" twice in a row). It says so once in its stretch of the chat: the hand-off names it
     * only when nothing the bot said since a person last wrote did; after an agent wrote and gave it back, it does.
     */
    @Test
    void theHandOffNamesTheBotOnlyWhenItsEarlierMessagesSinceAPersonWroteDidNot() {
        Person cus = customer("fbc_intro");
        String c = open(cus);
        assertThat(write(cus, c, "Hello!")).singleElement().asString().contains(INTRO);
        assertThat(write(cus, c, "What are your opening hours?")).singleElement().asString().contains(HOURS);
        assertThat(write(cus, c, "Can I talk to a person please?")).singleElement().asString().contains(HANDING)
                .doesNotContain(INTRO).startsWith("Still the bot here: ");

        api.post(b + "/conversations/" + c + "/messages", owner.token(), Map.of("client_id", "intro-agent",
                "text", "Hi, Sam here. Sorted?")).expect(201);
        api.post(b + "/conversations/" + c + "/bot/resume", owner.token(), null).expect(200);
        assertThat(write(cus, c, "What is your return policy?")).singleElement().asString().contains(RETURNS)
                .doesNotContain(INTRO);
        assertThat(write(cus, c, "I want to speak to a human")).singleElement().asString().contains(HANDING)
                .as("the bot is back after a person: its hand-off says a bot is leaving").contains(INTRO);
    }

    /** {@code …/faq/try} read "the Harbour 1 shop" as "the you shop"; the owner now sees the question read naturally. */
    @Test
    void tryReadsTheShopNamedWithAnArticleNaturally() {
        JsonNode t = tried("Is the Harbour " + n + " shop open on Sundays?");
        assertThat(t.get("read_as").asText()).isEqualTo("Is your shop open on Sundays?");
        assertThat(t.at("/entry/question").asText()).isEqualTo("What are your opening hours?");
    }
}
