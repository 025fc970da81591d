package dev.parley.automation;

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
 * An agent gives a handed-over conversation back to the FAQ bot: the inbox shows it as the bot's
 * again (the Bot view, nobody assigned), as the docs say of every conversation the bot handles.
 * Found from outside: the bot answered again while the item said {@code bot: false} and sat in
 * open/unassigned (or with its agent).
 */
class ResumedBotTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of("inbox.triage", "off"));
    static final Api api = NODE.api();
    static final Shops shops = new Shops(api);
    static int n;

    private static JsonNode item(Shop shop, String c) {
        return api.get(shop.base() + "/inbox/" + c, shop.owner().token()).expect(200).body();
    }

    private static List<String> ids(Shop shop, String status) {
        List<String> out = new ArrayList<>();
        api.get(shop.base() + "/inbox?status=" + status, shop.owner().token()).expect(200).body().get("items")
                .forEach(i -> out.add(i.get("conversation_id").asText()));
        return out;
    }

    private static void awaitSeen(Shop shop, String c, long seq) {
        Eventually.await("automation handled the message", Duration.ofSeconds(30),
                () -> api.get(shop.base() + "/conversations/" + c + "/bot", shop.owner().token()).expect(200).body()
                        .get("seen_seq").asLong(), seen -> seen >= seq);
    }

    @Test
    void aResumedConversationIsTheBotsAgainInTheInbox() {
        Shop shop = shops.shop("resume" + (++n));
        Person agent = shops.agent(shop, "resume_agent" + n, "agent");
        api.post(shop.base() + "/faq", shop.owner().token(), Map.of("question", "What are your opening hours?",
                "answer", "9 to 5, Monday to Friday.")).expect(201);
        api.call("PUT", shop.base() + "/automation", shop.owner().token(), Map.of("faq_bot", Map.of("enabled", true)))
                .expect(200);
        Person customer = api.signUp("resume_cust" + n);
        String c = shops.customerConversation(shop, customer);
        long asked = api.send(customer, c, "Can I talk to a person please?").expect(201).body().get("seq").asLong();
        awaitSeen(shop, c, asked);
        Eventually.await("handed over", Duration.ofSeconds(20), () -> item(shop, c),
                i -> !i.get("bot").asBoolean() && "done".equals(i.get("intake").asText()));
        api.call("PUT", shop.base() + "/conversations/" + c + "/assignee", shop.owner().token(),
                Map.of("assignee_id", agent.id())).expect(200);

        api.post(shop.base() + "/conversations/" + c + "/bot/resume", agent.token(), null).expect(200);
        JsonNode resumed = item(shop, c);
        assertThat(resumed.get("bot").asBoolean()).isTrue();
        assertThat(resumed.get("assignee").isNull()).isTrue();
        assertThat(ids(shop, "bot")).contains(c);
        assertThat(ids(shop, "open")).doesNotContain(c);

        long question = api.send(customer, c, "What are your opening hours?").expect(201).body().get("seq").asLong();
        awaitSeen(shop, c, question);
        JsonNode after = Eventually.await("the intake took it in", Duration.ofSeconds(20), () -> item(shop, c),
                i -> "done".equals(i.get("intake").asText()));
        assertThat(after.get("bot").asBoolean()).isTrue();
        assertThat(after.get("assignee").isNull()).isTrue();
        assertThat(api.get("/api/v1/conversations/" + c + "/messages?after=" + question, customer.token()).body()
                .get("items").get(0).get("text").asText()).isEqualTo("9 to 5, Monday to Friday.");
    }
}
