package dev.parley.automation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Eventually;
import dev.parley.testing.MutableClock;
import dev.parley.testing.NodeFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Automatic replies with a pinned clock: the instant reply, the away message across a time
 * zone and a holiday, and the FAQ bot answering paraphrases and handing over to a person.
 * SQLite only: it exercises the automation, not the store, and the embedding model is slow to load.
 */
@Tag("sqlite-only")
class AutomationTest {
    // Monday 2026-06-01, 14:00 UTC = 10:00 in New York.
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-06-01T14:00:00Z"));
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of(), CLOCK);
    static final Api api = NODE.api();
    static int n;
    Person owner;
    String shop;
    String b;

    @BeforeEach
    void business() {
        n++;
        owner = api.signUp("owner" + n);
        shop = api.post("/api/v1/businesses", owner.token(), Map.of("handle", "shop" + n, "display_name", "Shop " + n))
                .expect(201).body().at("/business/id").asText();
        b = "/api/v1/businesses/" + shop;
    }

    private Person customer(String handle, String displayName) {
        Person p = api.signUp(handle + n);
        api.patch("/api/v1/me", p.token(), Map.of("display_name", displayName)).expect(200);
        api.put("/api/v1/accounts/" + shop + "/like", p.token()).expect(200);
        // Opted in to the shop's promotions: the entries' placeholder answers ("Answer to: Do you offer gift
        // cards?") are not what the promotion check is measured on, and a refused answer hands over
        // (AutomatedRepliesTest), which would stand between a matched entry and what these tests check.
        api.call("PUT", "/api/v1/accounts/" + shop + "/subscription", p.token(), Map.of("method", "dm")).expect(200);
        return p;
    }

    /** The customer writes; waits until automation has handled it; answers the business's replies since. */
    private List<String> write(Person customer, String conversation, String text) {
        long seq = api.send(customer, conversation, text).expect(201).body().get("seq").asLong();
        Eventually.await("automation handled the message", Duration.ofSeconds(30),
                () -> api.get(b + "/conversations/" + conversation + "/bot", owner.token()).expect(200).body()
                        .get("seen_seq").asLong(), seen -> seen >= seq);
        List<String> replies = new ArrayList<>();
        for (JsonNode m : api.get("/api/v1/conversations/" + conversation + "/messages?after=" + seq, customer.token())
                .body().get("items")) {
            replies.add(m.get("text").asText());
        }
        return replies;
    }

    private String open(Person customer) {
        return api.open(customer, new Person(shop, "shop", null));
    }

    private void settings(Map<String, Object> s) {
        api.call("PUT", b + "/automation", owner.token(), s).expect(200);
    }

    @Test
    void instantReplyOncePerNewCustomerByName() {
        settings(Map.of("instant_reply", Map.of("enabled", true,
                "text", "Hi {{customer.first_name | default: \"there\"}}, thanks for writing to {{business.name}}!")));
        Person jane = customer("jane", "Jane Doe");
        String cj = open(jane);
        assertThat(write(jane, cj, "Hello?")).containsExactly("Hi Jane, thanks for writing to Shop " + n + "!");
        assertThat(write(jane, cj, "Anyone?")).isEmpty();
        Person wang = customer("wang", "Dr. 王");
        String cw = open(wang);
        assertThat(write(wang, cw, "Hello")).containsExactly("Hi there, thanks for writing to Shop " + n + "!");
    }

    @Test
    void awayMessageOncePerClosedPeriodInTheBusinessTimeZoneAndOnHolidays() {
        settings(Map.of("away_message", Map.of("enabled", true, "text", "We're closed; back at 9.",
                "time_zone", "America/New_York",
                "hours", Map.of("mon", List.of(List.of("09:00", "17:00")), "tue", List.of(List.of("09:00", "17:00")),
                        "wed", List.of(List.of("09:00", "17:00")), "thu", List.of(List.of("09:00", "17:00")),
                        "fri", List.of(List.of("09:00", "17:00"))),
                "holidays", List.of("2026-12-25"))));
        CLOCK.advanceTo(Instant.parse("2026-06-01T14:00:00Z")); // Monday 10:00 in New York: open
        Person ann = customer("ann", "Ann");
        String c = open(ann);
        assertThat(write(ann, c, "Morning!")).isEmpty();
        CLOCK.advanceTo(Instant.parse("2026-06-01T23:30:00Z")); // 19:30 in New York (but already Tuesday in Berlin)
        assertThat(write(ann, c, "Are you still there?")).containsExactly("We're closed; back at 9.");
        CLOCK.advanceTo(Instant.parse("2026-06-02T03:00:00Z")); // 23:00 the same closed evening
        assertThat(write(ann, c, "Hello??")).isEmpty();
        CLOCK.advanceTo(Instant.parse("2026-06-02T13:30:00Z")); // Tuesday 09:30: open again
        assertThat(write(ann, c, "Good morning")).isEmpty();
        CLOCK.advanceTo(Instant.parse("2026-06-02T21:05:00Z")); // Tuesday 17:05: a new closed period
        assertThat(write(ann, c, "Quick question")).containsExactly("We're closed; back at 9.");
        CLOCK.advanceTo(Instant.parse("2026-12-25T15:00:00Z")); // Friday 10:00, but Christmas
        assertThat(write(ann, c, "Open today?")).containsExactly("We're closed; back at 9.");
        CLOCK.advanceTo(Instant.parse("2026-12-28T15:00:00Z")); // Monday 10:00
    }

    /** An agent answering at night is there: the customer's reply gets no "we're closed" until nobody is. */
    @Test
    void theAwayMessageDoesNotCutIntoAnAgentsChat() {
        settings(Map.of("away_message", Map.of("enabled", true, "text", "We're closed; back at 9.", "time_zone", "UTC",
                "hours", Map.of("mon", List.of(List.of("09:00", "17:00"))))));
        CLOCK.advanceTo(Instant.parse("2026-06-08T14:00:00Z")); // Monday 14:00: open
        Person kim = customer("kim", "Kim");
        String c = open(kim);
        assertThat(write(kim, c, "Do you fix gears?")).isEmpty();
        CLOCK.advanceTo(Instant.parse("2026-06-08T18:00:00Z")); // closed since 17:00
        api.post(b + "/conversations/" + c + "/messages", owner.token(), Map.of("client_id", "late-agent",
                "text", "We do! Which bike is it?")).expect(201);
        assertThat(write(kim, c, "A Brompton from 2019")).as("an agent is in the chat").isEmpty();
        CLOCK.advanceTo(Instant.parse("2026-06-08T19:00:00Z")); // nobody has written for an hour
        assertThat(write(kim, c, "Hello?")).containsExactly("We're closed; back at 9.");
    }

    /** Customer questions and the FAQ question they mean, sharing no content word. */
    static final List<List<String>> PARAPHRASES = List.of(
            List.of("are you closed on sundays", "What are your opening hours?"),
            List.of("i want to send back my shoes", "Can I return an item?"),
            List.of("when will my parcel arrive", "How long does shipping take?"),
            List.of("can you deliver to another country", "Do you ship internationally?"),
            List.of("I forgot my login credentials", "How do I reset my password?"),
            List.of("what are the ways to pay", "What payment methods do you accept?"),
            List.of("what's the address of the shop", "Where is your store located?"),
            List.of("I don't want the purchase anymore, please stop it", "How can I cancel my order?"),
            List.of("can I buy a voucher for a friend", "Do you offer gift cards?"),
            List.of("how can I follow where my shipment is", "How do I track my package?"),
            List.of("is there a phone number to call", "How can I contact customer service?"));

    private void faqEntries() {
        for (List<String> p : PARAPHRASES) {
            api.post(b + "/faq", owner.token(), Map.of("question", p.get(1), "answer", "Answer to: " + p.get(1)))
                    .expect(201);
        }
        // The default threshold: the bot's score is a confidence calibrated so that it answers paraphrases.
        settings(Map.of("faq_bot", Map.of("enabled", true,
                "starter_questions", List.of("What are your opening hours?", "Can I return an item?"))));
    }

    /**
     * Paraphrases that share no word with their entry get that entry: answered when the bot is
     * sure, else asked back ("Did you mean …?"), and confirming gets the answer. How many are
     * answered outright is measured on the evaluation sets (FaqEvaluationTest).
     */
    @Test
    void faqBotAnswersOrAsksBackParaphrasesThatShareNoWord() {
        faqEntries();
        int right = 0;
        int answered = 0;
        for (List<String> p : PARAPHRASES) {
            JsonNode tried = api.post(b + "/faq/try", owner.token(), Map.of("question", p.get(0))).expect(200).body();
            System.out.printf("faq: %-55s -> %-40s %.3f answers %s%n", p.get(0), tried.at("/entry/question").asText(),
                    tried.get("score").asDouble(), tried.get("answers").asBoolean());
            if (p.get(1).equals(tried.at("/entry/question").asText())
                    && (tried.get("answers").asBoolean() || tried.get("asks_back").asBoolean())) {
                right++;
                answered += tried.get("answers").asBoolean() ? 1 : 0;
            }
        }
        System.out.println("faq bot: " + right + " of " + PARAPHRASES.size() + " paraphrases answered or asked back "
                + "with the right entry, " + answered + " answered");
        assertThat(right).isEqualTo(PARAPHRASES.size());
        assertThat(answered).isPositive();

        Person cus = customer("cus", "Cus");
        String c = open(cus);
        List<String> first = write(cus, c, PARAPHRASES.get(7).get(0));
        assertThat(first).hasSize(1);
        assertThat(first.get(0)).startsWith("I'm Shop " + n + "'s automated assistant (a bot).")
                .contains("Answer to: How can I cancel my order?").contains("• What are your opening hours?");
        // The one of the eleven the bot is not sure of (round 14's tuned embedding answers the other ten).
        assertThat(write(cus, c, PARAPHRASES.get(8).get(0))).singleElement().asString()
                .contains("Did you mean: \u201cDo you offer gift cards?\u201d").doesNotContain("Answer to:");
        assertThat(write(cus, c, "Do you offer gift cards?")).containsExactly("Answer to: Do you offer gift cards?");
    }

    /**
     * A question that asks an entry's kind of thing about something else is near that entry, but
     * the entry does not explain its subject: the bot neither answers with the shop's hours nor
     * offers them (since round 12's word pairs it is far enough off to hand over at once,
     * docs/BUSINESS-MODELS.md), while asking about the shop itself gets the hours, answered or
     * offered (these entries' answers are placeholders, which the decision trusts less).
     */
    @Test
    void aQuestionAboutSomethingElseIsNotAnsweredAndAskingAboutTheShopGetsTheAnswer() {
        faqEntries();
        String postOffice = "Is the post office open on Saturdays?";
        JsonNode tried = api.post(b + "/faq/try", owner.token(), Map.of("question", postOffice)).expect(200).body();
        assertThat(tried.at("/entry/question").asText()).isEqualTo("What are your opening hours?");
        assertThat(tried.get("answers").asBoolean()).as("score %s", tried.get("score")).isFalse();
        assertThat(tried.get("unexplained").asText()).contains("post");
        Person cus = customer("pat", "Pat");
        String c = open(cus);
        assertThat(write(cus, c, postOffice)).singleElement().asString().doesNotContain("Answer to:")
                .contains("handing you to a person");
        JsonNode own = api.post(b + "/faq/try", owner.token(), Map.of("question", "Is the shop open on Saturdays?"))
                .expect(200).body();
        assertThat(own.at("/entry/question").asText()).isEqualTo("What are your opening hours?");
        assertThat(own.get("answers").asBoolean() || own.get("asks_back").asBoolean()).as("score %s", own.get("score"))
                .isTrue();
        assertThat(own.get("read_as").isNull()).isTrue(); // read as typed
    }

    /**
     * A customer who names the business asks it. Seen from outside: "Does Northfield Cycles operate a price-matching
     * policy against other retailers?" was handed to a person at 0.13, the name read as a third party's, where "Do
     * you operate …" was answered at 0.83. A third party's name still is one.
     */
    @Test
    void aQuestionThatNamesTheBusinessIsAskedOfIt() {
        Person o = api.signUp("wexowner" + n);
        String id = api.post("/api/v1/businesses", o.token(), Map.of("handle", "wexcombe" + n, "display_name",
                "Wexcombe Cycles")).expect(201).body().at("/business/id").asText();
        String wb = "/api/v1/businesses/" + id;
        api.post(wb + "/faq", o.token(), Map.of("question", "Do you price match?",
                "answer", "Yes, we match any UK retailer's advertised price on the same item.")).expect(201);
        api.post(wb + "/faq", o.token(), Map.of("question", "What are your opening hours?",
                "answer", "Monday to Saturday 9am to 6pm, Sunday 10am to 4pm.")).expect(201);
        JsonNode formal = api.post(wb + "/faq/try", o.token(), Map.of("question",
                "Good evening. Does Wexcombe Cycles operate a price-matching policy against other retailers?")).expect(200).body();
        assertThat(formal.at("/entry/question").asText()).isEqualTo("Do you price match?");
        assertThat(formal.get("answers").asBoolean() || formal.get("asks_back").asBoolean()).as("score %s",
                formal.get("score")).isTrue(); // its other words are the owner's too: at worst "Did you mean …?"
        Map<String, String> asked = Map.of(
                "Does Wexcombe Cycles price match?", "Do you price match?",
                "Does Wexcombe price match?", "Do you price match?",
                "is wexcombe cycles open on sunday", "What are your opening hours?",
                "What are Wexcombe Cycles' opening hours?", "What are your opening hours?",
                "is @wexcombe" + n + " open on sunday", "What are your opening hours?");
        asked.forEach((question, entry) -> {
            JsonNode tried = api.post(wb + "/faq/try", o.token(), Map.of("question", question)).expect(200).body();
            assertThat(tried.at("/entry/question").asText()).as(question).isEqualTo(entry);
            assertThat(tried.get("answers").asBoolean()).as("%s: score %s", question, tried.get("score")).isTrue();
        });
        JsonNode other = api.post(wb + "/faq/try", o.token(), Map.of("question", "Is there a price match at Halfords?"))
                .expect(200).body();
        assertThat(other.get("answers").asBoolean()).as("score %s", other.get("score")).isFalse();
        assertThat(other.get("unexplained").asText()).isEqualTo("Halfords"); // named to the owner without the "?"
    }

    /** A slip in the business's word is read as that word, and the owner's try says how the bot read it. */
    @Test
    void aSlipInTheShopsWordIsReadAsThatWordAndTheTrySaysSo() {
        faqEntries();
        JsonNode tried = api.post(b + "/faq/try", owner.token(), Map.of("question", "what are ur openign hours"))
                .expect(200).body();
        assertThat(tried.get("read_as").asText()).isEqualTo("what are ur opening hours");
        assertThat(tried.at("/entry/question").asText()).isEqualTo("What are your opening hours?");
        assertThat(tried.get("answers").asBoolean()).as("score %s", tried.get("score")).isTrue();
        Person cus = customer("sam", "Sam");
        assertThat(write(cus, open(cus), "what are ur openign hours")).singleElement().asString()
                .contains("Answer to: What are your opening hours?");
    }

    /** A customer writes to the shop as to a person: the bot reads the question between the greeting and the thanks. */
    @Test
    void theGreetingThanksAndEmojiAroundAQuestionAreReadPast() {
        faqEntries();
        String asSent = "Hi there! what are ur openign hours?? thanks so much \uD83D\uDE4F\uD83C\uDFFD";
        JsonNode tried = api.post(b + "/faq/try", owner.token(), Map.of("question", asSent)).expect(200).body();
        assertThat(tried.get("read_as").asText()).isEqualTo("what are ur opening hours?");
        assertThat(tried.get("answers").asBoolean()).as("score %s", tried.get("score")).isTrue();
        Person cus = customer("gia", "Gia");
        assertThat(write(cus, open(cus), asSent)).singleElement().asString().contains("Answer to: What are your opening hours?");
        // A greeting alone is not a question about the hours.
        JsonNode hello = api.post(b + "/faq/try", owner.token(), Map.of("question", "Hi there!")).expect(200).body();
        assertThat(hello.get("read_as").isNull()).isTrue();
        assertThat(hello.get("answers").asBoolean()).as("score %s", hello.get("score")).isFalse();
    }

    /**
     * A question naming one of the shop's products is not a question about something else once the
     * owner has said what the shop sells: without the profile "derailleur" is a word the business never
     * wrote and the bot asks back; with it the bot answers. (A "helmet" is plain enough to be an item
     * without the profile since round 14's tuned embedding.) The profile is kept when other parts
     * change, and a profile longer than the cap is refused, naming the field.
     */
    @Test
    void theBusinessProfileMakesItsProductsTheBusinesssOwnWords() {
        faqEntries();
        String derailleur = "Can I return my derailleur?";
        JsonNode before = api.post(b + "/faq/try", owner.token(), Map.of("question", derailleur)).expect(200).body();
        assertThat(before.at("/entry/question").asText()).isEqualTo("Can I return an item?");
        assertThat(before.get("answers").asBoolean()).as("score %s", before.get("score")).isFalse();
        assertThat(before.get("asks_back").asBoolean()).isTrue();

        String profile = "Bike shop: road and city bikes, parts such as derailleurs and wheels, helmets, lights, locks and "
                + "cycling clothing; repairs.";
        JsonNode saved = api.call("PUT", b + "/automation", owner.token(), Map.of("faq_bot", Map.of("profile", profile)))
                .expect(200).body();
        assertThat(saved.at("/faq_bot/profile").asText()).isEqualTo(profile);
        assertThat(saved.at("/faq_bot/enabled").asBoolean()).as("left out, kept").isTrue();
        settings(Map.of("faq_bot", Map.of("threshold", 0.55)));
        assertThat(api.get(b + "/automation", owner.token()).body().at("/faq_bot/profile").asText()).isEqualTo(profile);

        JsonNode after = api.post(b + "/faq/try", owner.token(), Map.of("question", derailleur)).expect(200).body();
        assertThat(after.at("/entry/question").asText()).isEqualTo("Can I return an item?");
        assertThat(after.get("answers").asBoolean()).as("score %s", after.get("score")).isTrue();
        Person cus = customer("hel", "Hel");
        assertThat(write(cus, open(cus), derailleur)).singleElement().asString().contains("Answer to: Can I return an item?");

        Api.Res tooLong = api.call("PUT", b + "/automation", owner.token(),
                Map.of("faq_bot", Map.of("profile", "bikes, ".repeat(150)))).expect(422);
        assertThat(tooLong.contentType()).startsWith("application/problem+json");
        assertThat(tooLong.code()).isEqualTo("validation_failed");
        assertThat(tooLong.raw()).contains("faq_bot.profile");
        assertThat(api.get(b + "/automation", owner.token()).body().at("/faq_bot/profile").asText()).isEqualTo(profile);
    }

    @Test
    void handoffWordsAreBounded() {
        // They were stored however many and however long (a body's worth), and each is searched for in every message.
        JsonNode before = api.get(b + "/automation", owner.token()).expect(200).body().get("handoff_words");
        for (List<String> words : List.of(List.of("person", "x".repeat(101)),
                java.util.stream.IntStream.range(0, 101).mapToObj(i -> "w" + i).toList())) {
            Api.Res refused = api.call("PUT", b + "/automation", owner.token(), Map.of("handoff_words", words)).expect(422);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.code()).isEqualTo("validation_failed");
            assertThat(refused.raw()).contains("handoff_words");
        }
        assertThat(api.get(b + "/automation", owner.token()).body().get("handoff_words")).isEqualTo(before);
        JsonNode ok = api.call("PUT", b + "/automation", owner.token(),
                Map.of("handoff_words", List.of(" Manager ", "", "y".repeat(100)))).expect(200).body();
        assertThat(ok.get("handoff_words")).hasSize(2);
        api.call("PUT", b + "/automation", owner.token(), Map.of("handoff_words", before)).expect(200);
    }

    /**
     * Asked back, a customer says "yes" rather than retyping the question: the yes gets the
     * entry's answer. A "no" is never taken for an answer: after the ask-back (a miss) it is the
     * second miss, so a person takes over. A yes that follows no question of the bot's is not taken
     * for one.
     */
    @Test
    void aYesToDidYouMeanGetsTheAnswerAndANoAsksAgain() {
        faqEntries();
        String shoes = PARAPHRASES.get(1).get(0); // near "Can I return an item?"
        double score = api.post(b + "/faq/try", owner.token(), Map.of("question", shoes)).expect(200).body()
                .get("score").asDouble();
        // The threshold just above its score, so it is asked back whatever the model's exact numbers.
        settings(Map.of("faq_bot", Map.of("enabled", true, "threshold", Math.min(0.99, score + 0.05))));
        JsonNode tried = api.post(b + "/faq/try", owner.token(), Map.of("question", shoes)).expect(200).body();
        assertThat(tried.get("asks_back").asBoolean()).as("score %s", tried.get("score")).isTrue();
        Person yes = customer("yvo", "Yvo");
        String c = open(yes);
        assertThat(write(yes, c, shoes)).singleElement().asString().contains("Did you mean:");
        assertThat(write(yes, c, "Yes, please!")).containsExactly("Answer to: Can I return an item?");
        // A yes with nothing asked is no question: no answer again, no guess, no miss.
        assertThat(write(yes, c, "yes")).isEmpty();

        Person no = customer("noa", "Noa");
        String d = open(no);
        assertThat(write(no, d, shoes)).singleElement().asString().contains("Did you mean:");
        assertThat(write(no, d, "nope")).singleElement().asString()
                .contains("handing you to a person").doesNotContain("Answer to:");
    }

    /**
     * "Two misses" means two in a row: a question the bot answers in between starts the count
     * again. The threshold is set just above a vague message's score, so it is a miss (near the
     * entries, not unrelated) whatever the model's exact numbers.
     */
    @Test
    void twoMissesInARowHandOverAndAnAnswerInBetweenStartsTheCountAgain() {
        faqEntries();
        String vague = "hmm, about that thing from before";
        double score = api.post(b + "/faq/try", owner.token(), Map.of("question", vague)).expect(200).body()
                .get("score").asDouble();
        settings(Map.of("faq_bot", Map.of("enabled", true, "threshold", Math.min(0.9, score + 0.05))));
        Person cus = customer("mia", "Mia");
        String c = open(cus);
        // A miss: "not sure I understood" or, this near the threshold, "Did you mean …?"; both ask to rephrase.
        assertThat(write(cus, c, vague)).singleElement().asString().contains("put it another way");
        assertThat(write(cus, c, "What are your opening hours?")).containsExactly("Answer to: What are your opening hours?");
        assertThat(write(cus, c, vague)).as("one miss since the answer").singleElement().asString()
                .contains("put it another way");
        assertThat(write(cus, c, vague)).as("the second in a row").singleElement().asString()
                .contains("handing you to a person");
        assertThat(api.get(b + "/conversations/" + c + "/bot", owner.token()).body().get("handed_off").asBoolean()).isTrue();
    }

    @Test
    void faqBotHandsOverOnUnrelatedQuestionsAndWhenAskedThenStaysSilent() {
        faqEntries();
        try (var agent = dev.parley.testing.Socket.open(NODE.node(), owner.token(), "business=" + shop)) {
            Person cus = customer("zed", "Zed");
            String c = open(cus);
            List<String> unrelated = write(cus, c, "Who painted the Mona Lisa?");
            assertThat(unrelated).hasSize(1);
            assertThat(unrelated.get(0)).contains("a bot").contains("handing you to a person");
            assertThat(api.get(b + "/conversations/" + c + "/bot", owner.token()).body().get("handed_off").asBoolean()).isTrue();
            // Silent now, even for a question it knows, until an agent gives it back.
            assertThat(write(cus, c, PARAPHRASES.get(0).get(0))).isEmpty();
            api.post(b + "/conversations/" + c + "/bot/resume", owner.token(), null).expect(200);
            assertThat(write(cus, c, PARAPHRASES.get(0).get(0))).containsExactly("Answer to: What are your opening hours?");

            Person amy = customer("amy", "Amy");
            String ca = open(amy);
            List<String> asked = write(amy, ca, "Can I talk to a person please?");
            assertThat(asked).hasSize(1);
            assertThat(asked.get(0)).contains("handing you to a person");
            // Handed to a person in the inbox: the online agent got it.
            JsonNode item = api.get(b + "/inbox", owner.token()).body().get("items");
            boolean assigned = false;
            for (JsonNode i : item) {
                if (ca.equals(i.get("conversation_id").asText())) {
                    assigned = owner.id().equals(i.path("assignee").path("id").asText(i.path("assignee").asText()));
                }
            }
            assertThat(assigned).as("assigned to the online agent").isTrue();
        }
    }

    /**
     * Customers say hello before their question and thanks after an answer, each on its own. Neither is a question
     * the bot failed: it read "Hello!" as unrelated and handed over, and the question that followed went unanswered.
     */
    @Test
    void aHelloOrAThanksOnItsOwnIsNoMissAndTheQuestionAfterItIsAnswered() {
        faqEntries();
        Person cus = customer("hal", "Hal");
        String c = open(cus);
        assertThat(write(cus, c, "Hello!")).singleElement().asString().contains("a bot").contains("ask away")
                .doesNotContain("handing you to a person");
        assertThat(write(cus, c, "What are your opening hours?")).containsExactly("Answer to: What are your opening hours?");
        assertThat(write(cus, c, "thank you! 🙏")).as("no reply to thanks").isEmpty();
        assertThat(write(cus, c, "ok great")).isEmpty();
        assertThat(write(cus, c, "Can I return an item?")).containsExactly("Answer to: Can I return an item?");
        JsonNode bot = api.get(b + "/conversations/" + c + "/bot", owner.token()).expect(200).body();
        assertThat(bot.get("handed_off").asBoolean()).isFalse();
        assertThat(api.get(b + "/faq/unanswered", owner.token()).expect(200).body().get("items")).isEmpty();
    }
}
