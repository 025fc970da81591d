package dev.parley.automation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Eventually;
import dev.parley.testing.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A business in a group hears its system lines ("Carla added Shop") in its own log, but nothing
 * answers them (issue 21 point 5): no instant reply, no bot webhook, no item in the shared inbox.
 * A direct message sent after them is answered and delivered, so the pipeline did run past them.
 */
class SystemLinesUnansweredTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    TestNode node;
    Api api;

    @BeforeEach
    void start() {
        node = TestNode.start(WebhookTest.ALLOW_LOCAL);
        api = node.api;
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void automationBotsAndTheInboxIgnoreALine() throws Exception {
        Person owner = api.signUp("sl_owner");
        Person carla = api.signUp("sl_carla");
        Person dan = api.signUp("sl_dan");
        String shop = api.post("/api/v1/businesses", owner.token(), Map.of("handle", "sl_shop", "display_name", "Shop"))
                .expect(201).body().at("/business/id").asText();
        String b = "/api/v1/businesses/" + shop;
        api.put("/api/v1/accounts/" + shop + "/like", carla.token()).expect(200);
        api.setDmPolicy(dan, "everyone");
        api.call("PUT", b + "/automation", owner.token(),
                Map.of("instant_reply", Map.of("enabled", true, "text", "Thanks! We reply within a day."))).expect(200);
        try (WebhookTest.Receiver receiver = new WebhookTest.Receiver(0)) {
            receiver.secret = api.post(b + "/bots", owner.token(), Map.of("name", "Helper", "url", receiver.url()))
                    .expect(201).body().get("secret").asText();

            String group = api.post("/api/v1/conversations", carla.token(),
                    Map.of("member_ids", List.of(shop, dan.id()), "title", "Order 42")).expect(201).body().get("id").asText();
            api.patch("/api/v1/conversations/" + group, carla.token(), Map.of("title", "Order 43")).expect(200);

            // Afterwards a direct message: answered by the instant reply, delivered to the bot.
            String dm = api.open(carla, new Person(shop, null, null));
            api.send(carla, dm, "Where is my order?").expect(201);
            Eventually.await("the instant reply in the direct conversation", WAIT, () -> kinds(carla, dm),
                    k -> k.contains("automation"));
            List<JsonNode> heard = new ArrayList<>();
            Eventually.await("the bot hearing the direct message", WAIT, () -> {
                receiver.accepted.drainTo(heard);
                return heard;
            }, h -> h.stream().anyMatch(e -> "Where is my order?".equals(e.at("/event/data/message/text").asText())));

            assertThat(kinds(carla, group)).as("the group holds its two lines and no reply")
                    .containsExactly("system", "system");
            assertThat(heard).as("no line reached the bot")
                    .noneMatch(e -> "system".equals(e.at("/event/data/message/author_kind").asText()))
                    .noneMatch(e -> group.equals(e.at("/event/data/message/conversation_id").asText()));
            JsonNode inbox = api.get(b + "/inbox", owner.token()).expect(200).body().get("items");
            assertThat(inbox.findValuesAsText("conversation_id")).doesNotContain(group);
        }
    }

    private List<String> kinds(Person who, String conversation) {
        List<String> out = new ArrayList<>();
        api.get("/api/v1/conversations/" + conversation + "/messages", who.token()).expect(200).body().get("items")
                .forEach(m -> out.add(m.get("author_kind").asText()));
        return out;
    }
}
