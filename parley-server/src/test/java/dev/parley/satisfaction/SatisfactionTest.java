package dev.parley.satisfaction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.business.Shops;
import dev.parley.business.Shops.Shop;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Eventually;
import dev.parley.testing.NodeFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * After a conversation is resolved the customer gets one rating question, when the business
 * turned it on (off by default); they answer 1 to 5 with a comment, once per resolution; the
 * business's responsiveness dashboard and its CSV carry the ratings.
 */
class SatisfactionTest {
    static final String UNKNOWN_CONVERSATION = "c-00000000000000000000";
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of("inbox.triage", "off"));
    static final Api api = NODE.api();
    static final Shops shops = new Shops(api);
    static int n;

    /** A shop with the rating question on, an agent who has the customer's conversation, and that conversation. */
    record Scene(Shop shop, Person agent, Person customer, String conversation) {}

    static Scene scene(String name, boolean surveyOn) {
        Shop shop = shops.shop(name);
        if (surveyOn) {
            JsonNode s = api.call("PUT", shop.base() + "/automation", shop.owner().token(),
                    Map.of("satisfaction", Map.of("enabled", true))).expect(200).body();
            assertThat(s.at("/satisfaction/text").asText()).contains("How did we do");
        }
        Person agent = shops.agent(shop, name + "_ann" + (++n), "agent");
        Person customer = api.signUp(name + "_carl" + n);
        String c = shops.customerConversation(shop, customer);
        api.send(customer, c, "My order never came").expect(201);
        api.call("PUT", shop.base() + "/conversations/" + c + "/assignee", agent.token(), Map.of("assignee_id", agent.id()))
                .expect(200);
        api.post(shop.base() + "/conversations/" + c + "/messages", agent.token(),
                Map.of("client_id", "r" + n, "text", "Sorry! It ships today.")).expect(201);
        return new Scene(shop, agent, customer, c);
    }

    static void setStatus(Scene s, String status) {
        api.call("PUT", s.shop().base() + "/conversations/" + s.conversation() + "/status", s.agent().token(),
                Map.of("status", status)).expect(200);
    }

    /** The automatic rating questions the customer sees in the conversation. */
    static List<JsonNode> questions(Scene s) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode items = api.get("/api/v1/conversations/" + s.conversation() + "/messages", s.customer().token())
                .expect(200).body().get("items");
        for (JsonNode m : items) {
            if ("automation".equals(m.path("author_kind").asText()) && m.path("text").asText().contains("How did we do")) {
                out.add(m);
            }
        }
        return out;
    }

    /** The rating question as the scene's customer sees it ({@code GET …/rating}). */
    static JsonNode rating(Scene s) {
        return api.get("/api/v1/conversations/" + s.conversation() + "/rating", s.customer().token()).expect(200).body();
    }

    static List<JsonNode> awaitQuestions(Scene s, int count) {
        return Eventually.await(count + " rating question(s) in " + s.conversation(), Duration.ofSeconds(20),
                () -> questions(s), q -> q.size() == count);
    }

    /** Resolves a conversation of a shop with the question on and waits for its question: everything resolved before has been heard. */
    static void barrier() {
        Scene marker = scene("mark", true);
        setStatus(marker, "resolved");
        awaitQuestions(marker, 1);
    }

    @Test
    void theQuestionIsSentOncePerResolutionWhenOn() {
        Scene s = scene("csat", true);
        assertThat(questions(s)).isEmpty();
        setStatus(s, "resolved");
        JsonNode q = awaitQuestions(s, 1).get(0);
        assertThat(q.get("sender_id").asText()).isEqualTo(s.shop().id());
        assertThat(q.get("text").asText()).contains("csat Shop").doesNotContain("{{");
        // Reopened and resolved again with nothing new from the customer: not asked again.
        setStatus(s, "open");
        setStatus(s, "resolved");
        barrier();
        assertThat(questions(s)).hasSize(1);
        // The question neither reopens the conversation nor counts as the customer writing.
        assertThat(api.get(s.shop().base() + "/inbox/" + s.conversation(), s.agent().token()).body().get("status")
                .asText()).isEqualTo("resolved");
        // A new request, resolved: a new question.
        api.send(s.customer(), s.conversation(), "It came broken, though").expect(201);
        shopsAwaitStatus(s, "open");
        setStatus(s, "resolved");
        awaitQuestions(s, 2);
    }

    /**
     * Found from outside: the FAQ bot handed a customer to a person, nobody wrote, the conversation was resolved,
     * and the customer was asked how the team did. Only a conversation an agent wrote in, after the bot last spoke
     * (its hand-over included), is asked about.
     */
    @Test
    void notAskedWhenNoPersonWroteAfterTheBotHandedOver() {
        Shop shop = shops.shop("handed");
        api.call("PUT", shop.base() + "/automation", shop.owner().token(), Map.of("satisfaction", Map.of("enabled", true),
                "faq_bot", Map.of("enabled", true))).expect(200);
        Person agent = shops.agent(shop, "handed_ann" + (++n), "agent");
        Person customer = api.signUp("handed_carl" + n);
        Scene s = new Scene(shop, agent, customer, shops.customerConversation(shop, customer));
        api.send(customer, s.conversation(), "Can I talk to a person please?").expect(201);
        Eventually.await("the bot hands over", Duration.ofSeconds(20), () -> api.get("/api/v1/conversations/"
                + s.conversation() + "/messages", customer.token()).body().toString().contains("handing you to a person"));
        setStatus(s, "resolved");
        barrier();
        assertThat(questions(s)).as("nobody but the bot answered").isEmpty();

        // A person writes, then resolves: the customer was helped, and is asked.
        setStatus(s, "open");
        api.post(shop.base() + "/conversations/" + s.conversation() + "/messages", agent.token(),
                Map.of("client_id", "handed-r" + n, "text", "Hi, Ann here. Your parcel left today.")).expect(201);
        setStatus(s, "resolved");
        awaitQuestions(s, 1);
    }

    static void shopsAwaitStatus(Scene s, String status) {
        Eventually.await("status " + status, Duration.ofSeconds(20), () -> api.get(s.shop().base() + "/inbox/"
                + s.conversation(), s.agent().token()).body().get("status").asText().equals(status));
    }

    /**
     * Found from outside: a customer who answered the question by writing "5" (as it invites, and as
     * Messenger, Instagram, X and apps without the buttons allow) had no rating recorded, the "5" reopened
     * the conversation as a new request (one the responsiveness figures would count as missed), and
     * resolving it asked again.
     */
    @Test
    void aScoreTypedAsAReplyIsTheRatingAndIsNotAskedAgain() {
        Scene s = scene("typed", true);
        setStatus(s, "resolved");
        awaitQuestions(s, 1);
        api.send(s.customer(), s.conversation(), "4/5 - quick, but the box was damp").expect(201);
        JsonNode rated = Eventually.await("the typed rating", Duration.ofSeconds(20), () -> rating(s),
                r -> r.get("status").asText().equals("rated"));
        assertThat(rated.get("score").asInt()).isEqualTo(4);
        assertThat(rated.get("comment").asText()).isEqualTo("quick, but the box was damp");
        // Answered once: a later number is an ordinary message, and the buttons say so.
        api.send(s.customer(), s.conversation(), "5").expect(201);
        assertThat(api.post("/api/v1/conversations/" + s.conversation() + "/rating", s.customer().token(),
                Map.of("score", 5)).code()).isEqualTo("already_rated");
        // The typed answer is no new request: the conversation stays resolved, nothing more is asked, and the
        // business's figures count one request, not two.
        Scene other = scene("typed2", true);
        setStatus(other, "resolved");
        awaitQuestions(other, 1);
        api.send(other.customer(), other.conversation(), "5").expect(201);
        Eventually.await("the second typed rating", Duration.ofSeconds(20), () -> rating(other).get("status").asText(),
                "rated"::equals);
        Eventually.await("the intake took the answer in", Duration.ofSeconds(20), () -> api.get(other.shop().base()
                + "/inbox/" + other.conversation(), other.agent().token()).body(), i -> "done".equals(i.path("intake")
                .asText()) && "5".equals(i.path("last_message").path("text").asText()));
        barrier();
        assertThat(api.get(other.shop().base() + "/inbox/" + other.conversation(), other.agent().token()).body()
                .get("status").asText()).isEqualTo("resolved");
        assertThat(questions(other)).hasSize(1);
        assertThat(api.get(other.shop().base() + "/metrics/export", other.shop().owner().token()).raw()
                .lines().filter(l -> l.contains(other.conversation())).count()).as("one request").isEqualTo(1);
        // Words after a bare number are not a score: "2 of my bikes…" stays a message, the question unanswered.
        Scene third = scene("typed3", true);
        setStatus(third, "resolved");
        awaitQuestions(third, 1);
        api.send(third.customer(), third.conversation(), "2 of my bikes still squeak").expect(201);
        shopsAwaitStatus(third, "open");
        barrier();
        assertThat(rating(third).get("status").asText()).isEqualTo("asked");
    }

    @Test
    void neverAskedWhenOff() {
        Scene s = scene("quiet", false);
        assertThat(api.get(s.shop().base() + "/automation", s.shop().owner().token()).body()
                .at("/satisfaction/enabled").asBoolean()).isFalse();
        setStatus(s, "resolved");
        barrier();
        assertThat(questions(s)).isEmpty();
        assertThat(rating(s).get("status").asText()).isEqualTo("none");
        Api.Res early = api.post("/api/v1/conversations/" + s.conversation() + "/rating", s.customer().token(),
                Map.of("score", 5));
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.code()).isEqualTo("rating_not_asked");
    }

    @Test
    void onlyTheCustomerRatesOnceAndTheDashboardAndCsvShowIt() {
        Scene s = scene("rate", true);
        Person stranger = api.signUp("rate_stranger" + n);
        String path = "/api/v1/conversations/" + s.conversation() + "/rating";
        setStatus(s, "resolved");
        String questionId = awaitQuestions(s, 1).get(0).get("id").asText();
        // Recorded just after it is sent: the customer's client asks which message to put the buttons under.
        JsonNode asked = Eventually.await("the question is recorded", Duration.ofSeconds(20),
                () -> api.get(path, s.customer().token()).expect(200).body(), x -> !"none".equals(x.path("status").asText()));
        assertThat(asked.get("status").asText()).isEqualTo("asked");
        assertThat(asked.get("message_id").asText()).isEqualTo(questionId);

        // Others: exactly what an unknown conversation gets.
        for (Person other : List.of(stranger, s.agent(), s.shop().owner())) {
            for (String method : List.of("GET", "POST")) {
                Object body = method.equals("POST") ? Map.of("score", 1) : null;
                Api.Res unknown = api.call(method, "/api/v1/conversations/" + UNKNOWN_CONVERSATION + "/rating",
                        other.token(), body);
                Api.Res real = api.call(method, path, other.token(), body);
                assertThat(real.status()).as(method + " by " + other.handle()).isEqualTo(404);
                assertThat(real.raw()).isEqualTo(unknown.raw());
            }
        }
        // Bad scores.
        for (Object bad : List.of(0, 6, -1)) {
            Api.Res r = api.post(path, s.customer().token(), Map.of("score", bad));
            assertThat(r.status()).as("score " + bad).isEqualTo(422);
        }
        assertThat(api.post(path, s.customer().token(), Map.of("comment", "no score")).status()).isEqualTo(422);
        assertThat(api.get(path, s.customer().token()).body().get("status").asText()).isEqualTo("asked");

        JsonNode rated = api.post(path, s.customer().token(), Map.of("score", 4, "comment", "Quick, \"thanks\"")).expect(200)
                .body();
        assertThat(rated.get("status").asText()).isEqualTo("rated");
        assertThat(rated.get("score").asInt()).isEqualTo(4);
        Api.Res twice = api.post(path, s.customer().token(), Map.of("score", 1));
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.code()).isEqualTo("already_rated");
        assertThat(api.get(path, s.customer().token()).body().get("score").asInt()).isEqualTo(4);

        JsonNode sat = api.get(s.shop().base() + "/metrics", s.agent().token()).expect(200).body().get("satisfaction");
        assertThat(sat.get("count").asLong()).isEqualTo(1);
        assertThat(sat.get("average").asDouble()).isEqualTo(4.0);
        assertThat(sat.get("distribution").toString()).isEqualTo("[0,0,0,1,0]");
        JsonNode mine = null;
        for (JsonNode a : sat.get("agents")) {
            if (a.get("agent_id").asText().equals(s.agent().id())) {
                mine = a;
            }
        }
        assertThat(mine).isNotNull();
        assertThat(mine.get("count").asLong()).isEqualTo(1);
        assertThat(mine.get("average").asDouble()).isEqualTo(4.0);

        List<String> csv = api.get(s.shop().base() + "/metrics/export", s.agent().token()).expect(200).raw().lines().toList();
        assertThat(csv.get(0)).endsWith(",rating,rating_comment");
        assertThat(csv).hasSize(2);
        assertThat(csv.get(1)).startsWith(s.conversation() + ",").endsWith(",4,\"Quick, \"\"thanks\"\"\"");
    }

    static final String OLD_DEFAULT = "Thanks for talking with {{business.name}}, {{customer.first_name | default: "
            + "\"there\"}}! How did we do? Rate this conversation from 1 (poor) to 5 (great); you may add a comment.";

    /**
     * Found from outside: the shipped question read "Thanks for talking with Name Shop, there!" to a
     * customer without a first name. The old default, stored with every business that saved its
     * settings, is read as the new one; an owner's own text is left as written.
     */
    @Test
    void theDefaultQuestionReadsNaturallyWithoutAFirstNameAndTheOldDefaultIsReadAsTheNew() {
        Scene s = scene("greet", true);
        api.patch("/api/v1/me", s.customer().token(), Map.of("display_name", "李 小龍")).expect(200);
        setStatus(s, "resolved");
        assertThat(awaitQuestions(s, 1).get(0).get("text").asText())
                .startsWith("Hi there, thanks for talking with greet Shop! How did we do?");

        Scene old = scene("olddef", false);
        api.patch("/api/v1/me", old.customer().token(), Map.of("display_name", "Anna Nowak")).expect(200);
        JsonNode stored = api.call("PUT", old.shop().base() + "/automation", old.shop().owner().token(),
                Map.of("satisfaction", Map.of("enabled", true, "text", OLD_DEFAULT))).expect(200).body();
        assertThat(stored.at("/satisfaction/text").asText()).startsWith("Hi {{customer.first_name");
        setStatus(old, "resolved");
        assertThat(awaitQuestions(old, 1).get(0).get("text").asText())
                .startsWith("Hi Anna, thanks for talking with olddef Shop!");

        String own = "Thanks, {{customer.first_name | default: \"friend\"}}! How did we do? Reply 1 to 5.";
        assertThat(api.call("PUT", old.shop().base() + "/automation", old.shop().owner().token(),
                Map.of("satisfaction", Map.of("text", own))).expect(200).body().at("/satisfaction/text").asText())
                .isEqualTo(own);
        assertThat(api.get(old.shop().base() + "/automation", old.shop().owner().token()).body()
                .at("/satisfaction/text").asText()).isEqualTo(own);
    }

    /** Found from outside: a recorded written rating ("5 stars, thanks") added to the team's unread count. */
    @Test
    void aRatingTypedAsAReplyIsNotUnreadForTheTeam() {
        Scene s = scene("unread", true);
        setStatus(s, "resolved");
        awaitQuestions(s, 1);
        api.send(s.customer(), s.conversation(), "5 stars, thanks").expect(201);
        Eventually.await("the typed rating", Duration.ofSeconds(20), () -> rating(s).get("status").asText(), "rated"::equals);
        JsonNode item = Eventually.await("the intake took the answer in", Duration.ofSeconds(20), () -> api.get(
                s.shop().base() + "/inbox/" + s.conversation(), s.agent().token()).body(),
                i -> "done".equals(i.path("intake").asText()));
        assertThat(item.get("status").asText()).isEqualTo("resolved");
        assertThat(item.get("unread_count").asLong()).isZero();
        // An ordinary message after it is unread as ever.
        api.send(s.customer(), s.conversation(), "Actually, one more question").expect(201);
        JsonNode reopened = Eventually.await("reopened", Duration.ofSeconds(20), () -> api.get(
                s.shop().base() + "/inbox/" + s.conversation(), s.agent().token()).body(),
                i -> "open".equals(i.path("status").asText()));
        assertThat(reopened.get("unread_count").asLong()).isEqualTo(1);
    }
}
