package dev.parley.automation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.NodeFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What {@code PUT /businesses/{id}/automation} takes is what the automatic replies can use: a
 * threshold of "NaN" and an unclosed template were stored, and afterwards the FAQ bot and the
 * instant reply failed silently on every customer message.
 */
class AutomationSettingsCheckTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static final Api api = NODE.api();
    static int n;

    private static String business() {
        Person owner = api.signUp("asc_owner" + (++n));
        String id = api.post("/api/v1/businesses", owner.token(), Map.of("handle", "asc_shop" + n, "display_name", "Shop " + n))
                .expect(201).body().at("/business/id").asText();
        return owner.token() + " " + id;
    }

    private static Api.Res put(String ownerAndShop, Object body) {
        String[] p = ownerAndShop.split(" ");
        return api.call("PUT", "/api/v1/businesses/" + p[1] + "/automation", p[0], body);
    }

    private static JsonNode get(String ownerAndShop) {
        String[] p = ownerAndShop.split(" ");
        return api.get("/api/v1/businesses/" + p[1] + "/automation", p[0]).expect(200).body();
    }

    @Test
    void theThresholdIsAFiniteNumberBetweenZeroAndOne() {
        String shop = business();
        JsonNode before = get(shop);
        for (Object bad : List.of("NaN", "Infinity", "-Infinity", "0.5", 0, 1, 1.5, -0.1)) {
            Api.Res r = put(shop, Map.of("faq_bot", Map.of("enabled", true, "threshold", bad)));
            assertThat(r.status()).as("threshold %s", bad).isIn(400, 422);
            assertThat(r.code()).isEqualTo("validation_failed");
            assertThat(r.raw()).contains("threshold");
        }
        assertThat(get(shop)).isEqualTo(before);
        assertThat(put(shop, Map.of("faq_bot", Map.of("threshold", 0.6))).expect(200).body().at("/faq_bot/threshold")
                .asDouble()).isEqualTo(0.6);
    }

    @Test
    void everyTextIsATemplateCheckedAsASavedReplysBodyIsAndARefusalWritesNothing() {
        String shop = business();
        JsonNode before = get(shop);
        for (String part : List.of("instant_reply", "away_message", "satisfaction")) {
            for (String text : List.of("Hi {{customer.first_name", "Hi {{customer.age}}")) {
                // Sent with a valid change beside it: that change must not be written either.
                Api.Res r = put(shop, Map.of(part, Map.of("enabled", true, "text", text),
                        "handoff_words", List.of("manager")));
                r.expect(422);
                assertThat(r.code()).isEqualTo("validation_failed");
                assertThat(r.body().get("detail").asText()).contains(part + ".text").contains("not a valid template");
                assertThat(r.body().has("position")).isTrue();
            }
        }
        assertThat(get(shop)).isEqualTo(before);
        JsonNode ok = put(shop, Map.of("instant_reply", Map.of("enabled", true,
                "text", "Hi {{customer.first_name | default: \"there\"}}, {{business.name}} here."))).expect(200).body();
        assertThat(ok.at("/instant_reply/enabled").asBoolean()).isTrue();
    }

    /** No agent writes an automatic reply: "{{agent.first_name}}" alone could never render, and the customer got nothing. */
    @Test
    void anAgentsNameInAnAutomaticReplyNeedsAFallback() {
        String shop = business();
        Api.Res r = put(shop, Map.of("away_message", Map.of("enabled", true, "text", "{{agent.first_name}} will reply at 9.")));
        r.expect(422);
        assertThat(r.body().get("detail").asText()).contains("away_message.text").contains("agent.first_name")
                .contains("default");
        put(shop, Map.of("away_message", Map.of("enabled", true,
                "text", "{{agent.first_name | default: \"We\"}} will reply at 9."))).expect(200);
    }

    /** Customers see starter questions as buttons: a blank one or one of 5,000 characters was taken. */
    @Test
    void eachStarterQuestionIsOneTo120CharactersAndARefusalWritesNothing() {
        String shop = business();
        JsonNode before = get(shop);
        for (List<String> bad : List.of(List.of(""), List.of("   "), List.of("Where are you?", "x".repeat(121)),
                List.of("x".repeat(5000)), List.of("a", "b", "c", "d", "e"))) {
            Api.Res r = put(shop, Map.of("faq_bot", Map.of("starter_questions", bad), "handoff_words", List.of("manager")));
            r.expect(422);
            assertThat(r.code()).isEqualTo("validation_failed");
            assertThat(r.body().get("detail").asText()).contains("faq_bot.starter_questions");
        }
        assertThat(get(shop)).isEqualTo(before);
        JsonNode ok = put(shop, Map.of("faq_bot", Map.of("starter_questions", List.of(" Where are you? ", "é".repeat(120)))))
                .expect(200).body();
        assertThat(ok.at("/faq_bot/starter_questions/0").asText()).isEqualTo("Where are you?");
    }

    /** An FAQ entry's keywords went unbounded: 20,000 were taken, each read with every customer question. */
    @Test
    void faqKeywordsAreBoundedInCountAndLength() {
        String[] p = business().split(" ");
        String faq = "/api/v1/businesses/" + p[1] + "/faq";
        List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i < 21; i++) {
            many.add("word" + i);
        }
        for (List<String> bad : List.of(many, List.of("x".repeat(51)))) {
            Api.Res r = api.post(faq, p[0], Map.of("question", "Do you sell gift cards?", "answer", "Yes.", "keywords", bad));
            r.expect(422);
            assertThat(r.body().get("detail").asText()).contains("keywords");
        }
        assertThat(api.get(faq, p[0]).expect(200).body().get("items")).isEmpty();
        JsonNode ok = api.post(faq, p[0], Map.of("question", "Do you sell gift cards?", "answer", "Yes.",
                "keywords", List.of("voucher", " Voucher ", "", "present"))).expect(201).body();
        assertThat(ok.get("keywords")).hasSize(2);
    }
}
