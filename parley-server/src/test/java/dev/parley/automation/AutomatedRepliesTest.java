package dev.parley.automation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.MutableClock;
import dev.parley.testing.Socket;
import dev.parley.testing.TestNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a customer and the business's team notice of the automatic replies together: one reply
 * per message however many automations are on, automation never marking a conversation read
 * for the team, and bot-handled conversations kept off agents' caps in a view of their own.
 * On both stores: the inbox's state lives there.
 */
class AutomatedRepliesTest {
    // Monday 2026-06-01 14:00 UTC: open (hours are 09:00–17:00 UTC on weekdays).
    static final Instant OPEN = Instant.parse("2026-06-01T14:00:00Z");
    static final Instant CLOSED = Instant.parse("2026-06-01T20:00:00Z");
    static final MutableClock CLOCK = new MutableClock(OPEN);
    static final String INSTANT = "Thanks for writing! A person will reply shortly.";
    static final String AWAY = "We are closed right now; back at 9.";
    static final String INTRO = "automated assistant (a bot).";
    static final String HOURS_ANSWER = "We're open 9 to 5 on weekdays.";
    static TestNode node;
    static Api api;
    static int n;
    Person owner;
    String shop;
    String b;

    @BeforeAll
    static void start() {
        node = TestNode.start(Map.of(), CLOCK);
        api = node.api;
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @BeforeEach
    void business() {
        n++;
        CLOCK.advanceTo(OPEN);
        owner = api.signUp("ar_owner" + n);
        shop = api.post("/api/v1/businesses", owner.token(), Map.of("handle", "ar_shop" + n, "display_name", "Shop " + n))
                .expect(201).body().at("/business/id").asText();
        b = "/api/v1/businesses/" + shop;
    }

    private void automation(boolean instant, boolean away, boolean bot) {
        api.post(b + "/faq", owner.token(), Map.of("question", "What are your opening hours?", "answer", HOURS_ANSWER))
                .expect(201);
        List<List<String>> day = List.of(List.of("09:00", "17:00"));
        api.call("PUT", b + "/automation", owner.token(), Map.of(
                "instant_reply", Map.of("enabled", instant, "text", INSTANT),
                "away_message", Map.of("enabled", away, "text", AWAY, "time_zone", "UTC",
                        "hours", Map.of("mon", day, "tue", day, "wed", day, "thu", day, "fri", day)),
                "faq_bot", Map.of("enabled", bot))).expect(200);
    }

    private String open(String name) {
        Person p = api.signUp(name + n);
        api.put("/api/v1/accounts/" + shop + "/like", p.token()).expect(200);
        last = p;
        return api.open(p, new Person(shop, null, null));
    }

    private Person last;

    /** The customer writes; waits until automation has handled it; answers what the business sent since. */
    private List<String> write(Person customer, String conversation, String text) {
        long seq = api.send(customer, conversation, text).expect(201).body().get("seq").asLong();
        await(() -> api.get(b + "/conversations/" + conversation + "/bot", owner.token()).expect(200).body()
                .get("seen_seq").asLong() >= seq, "automation handled the message");
        List<String> replies = new ArrayList<>();
        for (JsonNode m : api.get("/api/v1/conversations/" + conversation + "/messages?after=" + seq, customer.token())
                .body().get("items")) {
            replies.add(m.get("text").asText());
        }
        return replies;
    }

    /** Polls the conversation's inbox item until the intake has taken in its latest message and it matches. */
    private JsonNode item(String conversation, Predicate<JsonNode> match) {
        JsonNode[] last = {null};
        await(() -> {
            last[0] = api.get(b + "/inbox/" + conversation, owner.token()).expect(200).body();
            return match.test(last[0]);
        }, "inbox item matched");
        return last[0];
    }

    /** The agents' notes on a conversation, oldest first: their texts. */
    private List<String> notes(String conversation) {
        List<String> texts = new ArrayList<>();
        api.get(b + "/conversations/" + conversation + "/notes", owner.token()).expect(200).body().get("items")
                .forEach(note -> texts.add(note.get("text").asText()));
        return texts;
    }

    private static void await(java.util.function.BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what + " in time").isLessThan(deadline);
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void aFirstMessageOutsideHoursWithEverythingOnGetsOneReplyTheAwayMessageOpenedByTheBot() {
        automation(true, true, true);
        CLOCK.advanceTo(CLOSED);
        String c = open("ar_night");
        List<String> replies = write(last, c, "hello, can I talk to a person?");
        assertThat(replies).hasSize(1);
        assertThat(replies.get(0)).startsWith("I'm Shop " + n + "'s " + INTRO).contains(AWAY)
                .doesNotContain(INSTANT).doesNotContain("handing you");
        // Handed over all the same: the bot stays quiet now, and the away message is not repeated tonight.
        assertThat(api.get(b + "/conversations/" + c + "/bot", owner.token()).body().get("handed_off").asBoolean()).isTrue();
        assertThat(notes(c)).as("the agents are told why, the customer is not").singleElement().asString()
                .contains("asked for a person");
        assertThat(write(last, c, "anyone?")).isEmpty();
        assertThat(api.get("/api/v1/conversations/" + c + "/messages", last.token()).body().toString())
                .doesNotContain("handed this conversation");
    }

    @Test
    void whenTheBotCanAnswerItsAnswerIsTheOnlyReply() {
        automation(true, true, true);
        String c = open("ar_day");
        List<String> replies = write(last, c, "What are your opening hours?");
        assertThat(replies).singleElement().asString().contains(INTRO).contains(HOURS_ANSWER).doesNotContain(INSTANT);
        // The first message was answered: a later hand-over is the bot's own line, no instant reply after
        // it, and no second "I'm … a bot": the answer just said so.
        assertThat(write(last, c, "I'd like a human please")).singleElement().asString()
                .contains("handing you to a person").doesNotContain(INSTANT).doesNotContain(INTRO);
    }

    /**
     * Seen from outside: a customer's first question, near an entry but not near enough to answer, got the instant
     * reply and "could you put it another way?" though the bot had a guess it offers on any later message. The
     * one reply now carries the guess, and a yes gets the answer.
     */
    @Test
    void aFirstQuestionTheBotIsUnsureOfGetsTheReplyDueWithItsGuessAndAYesGetsTheAnswer() {
        automation(true, false, true);
        String near = "when do you open your doors";
        double score = api.post(b + "/faq/try", owner.token(), Map.of("question", near)).expect(200).body()
                .get("score").asDouble();
        // The threshold just above its score, so it is asked back whatever the model's exact numbers.
        api.call("PUT", b + "/automation", owner.token(), Map.of("faq_bot", Map.of("enabled", true,
                "threshold", Math.min(0.99, score + 0.05)))).expect(200);
        assertThat(api.post(b + "/faq/try", owner.token(), Map.of("question", near)).expect(200).body()
                .get("asks_back").asBoolean()).isTrue();
        String c = open("ar_guess");
        assertThat(write(last, c, near)).singleElement().asString().contains(INTRO).contains(INSTANT)
                .contains("Did you mean: \u201cWhat are your opening hours?\u201d").doesNotContain(HOURS_ANSWER);
        assertThat(write(last, c, "yes")).singleElement().asString().contains(HOURS_ANSWER);
    }

    /**
     * Found from outside: an entry's answer that reads as promotion was refused by the business rules
     * for a customer who had not opted in, and the customer who asked (or replied "yes" to "Did you
     * mean …?") heard nothing at all, the instant reply included.
     */
    @Test
    void anAnswerTheRulesRefuseHandsTheCustomerToAPersonInsteadOfSilence() {
        automation(true, false, true);
        String deals = "Yes! 50% off every membership this week only. Sign up today and get a free t-shirt, don't miss out!";
        JsonNode entry = api.post(b + "/faq", owner.token(), Map.of("question", "Do you have any deals on?", "answer", deals))
                .expect(201).body();
        // The owner is told before any customer asks: on the entry, in the list and when trying a question.
        assertThat(entry.at("/answer_refused/code").asText()).isEqualTo("promotional_content");
        assertThat(entry.at("/answer_refused/reasons").size()).isPositive();
        JsonNode listed = api.get(b + "/faq", owner.token()).expect(200).body().get("items");
        assertThat(listed).hasSize(2);
        for (JsonNode f : listed) {
            assertThat(f.get("answer_refused").isNull()).as(f.get("question").asText())
                    .isEqualTo(f.get("answer").asText().equals(HOURS_ANSWER));
        }
        JsonNode tried = api.post(b + "/faq/try", owner.token(), Map.of("question", "any deals at the moment?")).expect(200).body();
        assertThat(tried.at("/entry/id").asText()).isEqualTo(entry.get("id").asText());
        assertThat(tried.at("/answer_refused/code").asText()).isEqualTo("promotional_content");
        assertThat(api.post(b + "/faq/try", owner.token(), Map.of("question", "When are you open?")).expect(200).body()
                .get("answer_refused").isNull()).isTrue();
        String c = open("ar_promo");
        Person customer = last;
        List<String> replies = write(customer, c, "Do you have any deals on?");
        assertThat(replies).as("one reply: the instant reply due, in the bot's voice, not the refused answer")
                .singleElement().asString().contains(INTRO).contains(INSTANT).doesNotContain(deals);
        assertThat(api.get(b + "/conversations/" + c + "/bot", owner.token()).body().get("handed_off").asBoolean())
                .as("a person takes over").isTrue();
        assertThat(item(c, i -> !i.get("bot").asBoolean()).get("bot").asBoolean()).isFalse();
        // The agent who takes over learns that the bot had an answer, and why it could not send it.
        assertThat(notes(c)).singleElement().asString().startsWith("The FAQ bot handed this conversation to a person")
                .contains("\u201cDo you have any deals on?\u201d").contains("reads as promotion").contains("opted in");

        // Once the instant reply is no longer due (the bot answered the first message): its own hand-over line.
        String later = open("ar_promo2");
        Person second = last;
        assertThat(write(second, later, "What are your opening hours?")).singleElement().asString().contains(HOURS_ANSWER);
        assertThat(write(second, later, "Do you have any deals on?")).singleElement().asString()
                .contains("handing you to a person").doesNotContain(deals);

        // A customer who opted in to promotions gets the answer itself.
        String optedIn = open("ar_promo3");
        api.call("PUT", "/api/v1/accounts/" + shop + "/subscription", last.token(), Map.of("method", "dm")).expect(200);
        assertThat(write(last, optedIn, "Do you have any deals on?")).singleElement().asString().contains(deals);
    }

    @Test
    void questionsTheBotCannotAnswerHandOverWithANoteThatSaysWhy() {
        automation(false, false, true);
        String c = open("ar_unrelated");
        List<String> replies = write(last, c, "Can you recommend a good plumber in Leeds?");
        if (notes(c).isEmpty()) { // not far enough from every entry to hand over at once: it asked to rephrase
            assertThat(replies).singleElement().asString().contains("put it another way");
            replies = write(last, c, "Which bus goes to the football stadium on match days?");
        }
        assertThat(replies).singleElement().asString().contains("handing you to a person");
        assertThat(notes(c)).singleElement().asString().startsWith("The FAQ bot handed this conversation to a person: ")
                .satisfiesAnyOf(t -> assertThat(t).contains("no FAQ entry answers the question (the nearest, "
                        + "\u201cWhat are your opening hours?\u201d, scored 0.").contains("the bot answers from 0.55)"),
                        t -> assertThat(t).contains("did not understand two messages in a row"));
    }

    @Test
    void withoutTheBotOneReplyTheAwayMessageWhileClosedElseTheInstantReply() {
        automation(true, true, false);
        CLOCK.advanceTo(CLOSED);
        String night = open("ar_n");
        assertThat(write(last, night, "Hello?")).containsExactly(AWAY);
        CLOCK.advanceTo(OPEN.plus(Duration.ofDays(1)));
        assertThat(write(last, night, "Hello again")).as("the first message was answered already").isEmpty();
        String day = open("ar_d");
        assertThat(write(last, day, "Hello?")).containsExactly(INSTANT);
    }

    @Test
    void anAutomaticReplyLeavesTheConversationUnreadForTheTeamUntilAPersonReads() {
        automation(true, false, false);
        String c = open("ar_unread");
        assertThat(write(last, c, "Hi, I have a question")).containsExactly(INSTANT);
        JsonNode item = item(c, i -> i.get("last_message") != null && !i.get("last_message").isNull()
                && INSTANT.equals(i.at("/last_message/text").asText()));
        // The customer's one message: the business's own instant reply is not unread to it.
        assertThat(item.get("unread_count").asLong()).as("nobody on the team has read it").isEqualTo(1);
        JsonNode listed = api.get(b + "/conversations", owner.token()).expect(200).body();
        assertThat(listed.toString()).contains(c);
        for (JsonNode conv : listed.get("items")) {
            if (c.equals(conv.get("id").asText())) {
                assertThat(conv.get("unread_count").asLong()).as("the business's conversation list agrees").isEqualTo(1);
            }
        }
        // A person answering reads it.
        api.post(b + "/conversations/" + c + "/messages", owner.token(),
                Map.of("client_id", "agent-answer", "text", "Hello, how can I help?")).expect(201);
        assertThat(item(c, i -> i.get("unread_count").asLong() == 0).get("unread_count").asLong()).isZero();
    }

    @Test
    void botHandledConversationsStayOffAgentsCapsInAViewOfTheirOwnUntilHandedOver() {
        automation(false, false, true);
        api.call("PUT", b + "/inbox/settings", owner.token(), Map.of("agent_cap", 1)).expect(200);
        try (Socket online = Socket.open(node, owner.token(), "business=" + shop)) {
            await(() -> {
                for (JsonNode a : api.get(b + "/agents", owner.token()).expect(200).body().get("items")) {
                    if (a.get("online").asBoolean()) {
                        return true;
                    }
                }
                return false;
            }, "the owner is online");
            String c1 = open("ar_b1");
            Person p1 = last;
            assertThat(write(p1, c1, "What are your opening hours?")).singleElement().asString().contains(HOURS_ANSWER);
            String c2 = open("ar_b2");
            assertThat(write(last, c2, "What are your opening hours?")).singleElement().asString().contains(HOURS_ANSWER);
            for (String c : List.of(c1, c2)) {
                JsonNode i = item(c, x -> x.get("intake").asText().equals("done"));
                assertThat(i.get("assignee").isNull()).as("the bot has it, not an agent").isTrue();
                assertThat(i.get("bot").asBoolean()).isTrue();
            }
            JsonNode botView = api.get(b + "/inbox?status=bot", owner.token()).expect(200).body();
            assertThat(ids(botView)).containsExactlyInAnyOrder(c1, c2);
            assertThat(botView.at("/counts/bot").asLong()).isEqualTo(2);
            assertThat(ids(api.get(b + "/inbox", owner.token()).expect(200).body())).doesNotContain(c1, c2);

            // A real hand-off finds the agent with room, cap of one and all.
            String c3 = open("ar_b3");
            assertThat(write(last, c3, "Can I talk to a person?")).singleElement().asString().contains("handing you");
            JsonNode handed = item(c3, x -> !x.get("assignee").isNull());
            assertThat(handed.at("/assignee/id").asText()).isEqualTo(owner.id());
            assertThat(handed.get("bot").asBoolean()).isFalse();
            assertThat(ids(api.get(b + "/inbox", owner.token()).expect(200).body())).containsExactly(c3);
            // The bot's own conversation handed over later goes to the queue (the agent is full).
            assertThat(write(p1, c1, "I want a human")).singleElement().asString().contains("handing you");
            JsonNode later = item(c1, x -> !x.get("bot").asBoolean());
            assertThat(later.get("assignee").isNull()).isTrue();
            assertThat(ids(api.get(b + "/inbox?status=bot", owner.token()).expect(200).body())).containsExactly(c2);
        }
    }

    /**
     * An instant reply or away message that reads as promotion would be refused at every send to a
     * customer who has not opted in, so nobody would ever get it: it is refused when saved, naming why.
     */
    @Test
    void anAutomaticReplyThatReadsAsPromotionIsRefusedWhenSavedNotSilentlyNeverSent() {
        automation(true, true, false);
        String promo = "Thanks for writing! While you wait: 20% off everything this weekend only with code HELLO20!";
        for (String part : List.of("instant_reply", "away_message")) {
            Api.Res refused = api.call("PUT", b + "/automation", owner.token(), Map.of(part, Map.of("text", promo)));
            assertThat(refused.status()).as(part).isEqualTo(422);
            assertThat(refused.code()).isEqualTo("promotional_content");
            assertThat(refused.body().get("detail").asText()).contains(part + ".text").contains("never be sent");
            assertThat(refused.body().get("reasons").size()).isPositive();
        }
        JsonNode kept = api.get(b + "/automation", owner.token()).expect(200).body();
        assertThat(kept.at("/instant_reply/text").asText()).as("nothing written").isEqualTo(INSTANT);
        assertThat(kept.at("/away_message/text").asText()).isEqualTo(AWAY);
        // Switched off, it is never sent, so it may wait there; and a service text is saved as ever.
        api.call("PUT", b + "/automation", owner.token(), Map.of("instant_reply", Map.of("enabled", false, "text", promo)))
                .expect(200);
        api.call("PUT", b + "/automation", owner.token(), Map.of("away_message",
                Map.of("text", "We're closed now; we open at 9 and will answer you then."))).expect(200);
    }

    /** The documented "parts left out keep their values", for the instant reply as for the FAQ bot. */
    @Test
    void partsLeftOutKeepTheirValues() {
        automation(false, false, false);
        JsonNode on = api.call("PUT", b + "/automation", owner.token(), Map.of("instant_reply", Map.of("enabled", true)))
                .expect(200).body();
        assertThat(on.at("/instant_reply/enabled").asBoolean()).isTrue();
        assertThat(on.at("/instant_reply/text").asText()).isEqualTo(INSTANT);
        JsonNode bot = api.call("PUT", b + "/automation", owner.token(), Map.of("faq_bot", Map.of("threshold", 0.7)))
                .expect(200).body();
        assertThat(bot.at("/faq_bot/threshold").asDouble()).isEqualTo(0.7);
        assertThat(bot.at("/instant_reply/enabled").asBoolean()).as("other parts untouched").isTrue();
        JsonNode away = api.call("PUT", b + "/automation", owner.token(), Map.of("away_message", Map.of("enabled", true)))
                .expect(200).body();
        assertThat(away.at("/away_message/text").asText()).isEqualTo(AWAY);
        assertThat(away.at("/away_message/hours/mon/0/0").asText()).isEqualTo("09:00");
        assertThat(api.get(b + "/automation", owner.token()).body().at("/faq_bot/threshold").asDouble()).isEqualTo(0.7);
        // A bad value is still refused, naming the field.
        assertThat(api.call("PUT", b + "/automation", owner.token(), Map.of("instant_reply", Map.of("text", "")))
                .expect(422).raw()).contains("instant_reply.text");
    }

    private static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("items").forEach(i -> out.add(i.get("conversation_id").asText()));
        return out;
    }
}
