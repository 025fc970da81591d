package dev.parley.datarights;

import static dev.parley.datarights.ErasureTest.adminOf;
import static dev.parley.datarights.ErasureTest.awaitDone;
import static dev.parley.datarights.ErasureTest.suffix;
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
import org.junit.jupiter.api.Test;

/**
 * Erasure reaches a business's inbox: an erased customer's messages and the notes written about
 * them, and an erased agent's notes, are gone from the notes and from the business's own sync.
 */
class BusinessErasureTest {
    private static final String SAID = "quixoticpelican";
    private static final String NOTED = "tangerinewalrus";
    private static final String AGENT_NOTE = "obsidianferret";

    static List<JsonNode> businessSync(Api api, String base, String token) {
        List<JsonNode> events = new ArrayList<>();
        String since = "0";
        while (true) {
            JsonNode page = api.get(base + "/sync?since=" + since + "&limit=200", token).expect(200).body();
            page.get("events").forEach(events::add);
            since = page.get("next").asText();
            if (!page.get("has_more").asBoolean()) {
                return events;
            }
        }
    }

    @Test
    void anErasedCustomerAndAnErasedAgentLeaveNothingInTheNotesOrTheBusinessSync() {
        try (TestNode n = TestNode.start()) {
            Api api = n.api;
            String admin = adminOf(n);
            String s = suffix();
            Person owner = api.signUp("own_" + s);
            String shop = api.post("/api/v1/businesses", owner.token(), Map.of("handle", "shop_" + s,
                    "display_name", "Shop")).expect(201).body().at("/business/id").asText();
            String base = "/api/v1/businesses/" + shop;
            Person agent = api.signUp("agent_" + s);
            api.joinTeam(owner, shop, agent, "agent");
            Person carl = api.signUp("carl_" + s);
            Person dan = api.signUp("dan_" + s);
            List<String> conversations = new ArrayList<>();
            for (Person customer : List.of(carl, dan)) {
                api.put("/api/v1/accounts/" + shop + "/like", customer.token()).expect(200);
                String c = api.open(customer, new Person(shop, null, null));
                conversations.add(c);
                api.send(customer, c, customer == carl ? SAID + " from carl" : "dan asks").expect(201);
            }
            api.post(base + "/conversations/" + conversations.get(0) + "/notes", owner.token(),
                    Map.of("text", "carl said " + NOTED)).expect(201);
            api.post(base + "/conversations/" + conversations.get(1) + "/notes", agent.token(),
                    Map.of("text", AGENT_NOTE + " about dan")).expect(201);
            String before = businessSync(api, base, owner.token()).toString();
            assertThat(before).contains(SAID).contains(NOTED).contains(AGENT_NOTE);

            for (Person erased : List.of(carl, agent)) {
                String id = api.delete("/api/v1/admin/accounts/" + erased.id(), admin).expect(202).body().get("id").asText();
                awaitDone(n, admin, id);
            }

            String after = businessSync(api, base, owner.token()).toString();
            assertThat(after).doesNotContain(SAID).doesNotContain(NOTED).doesNotContain(AGENT_NOTE);
            for (String c : conversations) {
                assertThat(api.get(base + "/conversations/" + c + "/notes", owner.token()).expect(200).raw())
                        .doesNotContain(NOTED).doesNotContain(AGENT_NOTE);
            }
            assertThat(api.get(base + "/inbox", owner.token()).expect(200).raw()).doesNotContain(SAID);
            // The other customer's conversation is untouched.
            Eventually.await("dan's message stays", Duration.ofSeconds(5), () -> api
                    .get("/api/v1/conversations/" + conversations.get(1) + "/messages", dan.token()).raw().contains("dan asks"));
        }
    }
}
