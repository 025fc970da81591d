package dev.parley.business;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.business.Shops.Shop;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.NodeFixture;
import dev.parley.testing.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shared inbox: status, reopening, round-robin, triage labels and order, live updates. */
class InboxTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static final Api api = NODE.api();
    static final Shops shops = new Shops(api);
    static int n;

    private Person customer(String name) {
        return api.signUp(name + (++n));
    }

    @Test
    void roundRobinSkipsOfflineAndFullAgents() {
        Shop shop = shops.shop("rr");
        api.call("PUT", shop.base() + "/inbox/settings", shop.owner().token(), Map.of("agent_cap", 1)).expect(200);
        Person ann = shops.agent(shop, "rr_ann" + (++n), "agent");
        Person bob = shops.agent(shop, "rr_bob" + n, "agent");
        Person cat = shops.agent(shop, "rr_cat" + n, "agent");
        try (Socket annOn = shops.businessStream(NODE.node(), shop, ann);
             Socket catOn = Socket.open(NODE.node(), cat.token())) {
            shops.awaitOnline(shop, ann, true);
            shops.awaitOnline(shop, cat, true);
            // The owner and bob are offline: the first two conversations go one each to ann and cat.
            String c1 = write(shop, customer("rr_c"), "Hello, is anyone there?");
            String a1 = taken(annOn, c1).at("/assignee/id").asText();
            String c2 = write(shop, customer("rr_c"), "Hello, I need a hand with my account.");
            String a2 = taken(annOn, c2).at("/assignee/id").asText();
            assertThat(Set.of(a1, a2)).containsExactlyInAnyOrder(ann.id(), cat.id());
            // Both are at the cap of one open conversation, bob is offline: nobody gets the third.
            String c3 = write(shop, customer("rr_c"), "Hi, quick thing about my order.");
            JsonNode third = taken(annOn, c3);
            assertThat(third.get("status").asText()).isEqualTo("open");
            assertThat(third.get("assignee").isNull()).isTrue();
            JsonNode unassigned = api.get(shop.base() + "/inbox?assignee=unassigned", ann.token()).expect(200).body();
            assertThat(ids(unassigned)).containsExactly(c3);
            assertThat(unassigned.at("/counts/unassigned").asLong()).isEqualTo(1);
            // Resolving frees a place: the next conversation goes to the one who resolved.
            api.call("PUT", shop.base() + "/conversations/" + c1 + "/status", ann.token(), Map.of("status", "resolved"))
                    .expect(200);
            String c4 = write(shop, customer("rr_c"), "Hello again, new question here.");
            assertThat(taken(annOn, c4).at("/assignee/id").asText()).isEqualTo(a1);
            // Bob comes online: he kept his turn, so he is next.
            try (Socket bobOn = Socket.open(NODE.node(), bob.token())) {
                shops.awaitOnline(shop, bob, true);
                String c5 = write(shop, customer("rr_c"), "Good evening, one more thing.");
                assertThat(taken(annOn, c5).at("/assignee/id").asText()).isEqualTo(bob.id());
            }
            JsonNode mine = api.get(shop.base() + "/inbox?assignee=me", bob.token()).expect(200).body();
            assertThat(mine.get("items")).hasSize(1);
            assertThat(mine.at("/counts/mine").asLong()).isEqualTo(1);
        }
    }

    @Test
    void handAssignmentAndItsLimits() {
        Shop shop = shops.shop("hand");
        Person ann = shops.agent(shop, "hand_ann" + (++n), "agent");
        Person stranger = api.signUp("hand_str" + n);
        String c = write(shop, customer("hand_c"), "Hello there");
        shops.awaitItem(shop, ann, c, i -> i.get("status").asText().equals("open"));
        JsonNode item = api.call("PUT", shop.base() + "/conversations/" + c + "/assignee", ann.token(),
                Map.of("assignee_id", ann.id())).expect(200).body();
        assertThat(item.at("/assignee/id").asText()).isEqualTo(ann.id());
        Api.Res notAgent = api.call("PUT", shop.base() + "/conversations/" + c + "/assignee", ann.token(),
                Map.of("assignee_id", stranger.id()));
        assertThat(notAgent.status()).isEqualTo(422);
        assertThat(notAgent.code()).isEqualTo("validation_failed");
        // Leaving the field out (or misspelling it) is a mistake, not "nobody": it used to unassign.
        for (Object body : List.of(Map.of(), Map.of("assignee", ann.id()), Map.of("assignee_id", 7))) {
            Api.Res missing = api.call("PUT", shop.base() + "/conversations/" + c + "/assignee", ann.token(), body);
            assertThat(missing.status()).as(missing.raw()).isIn(400, 422);
            assertThat(missing.code()).isEqualTo("validation_failed");
        }
        assertThat(api.get(shop.base() + "/inbox/" + c, ann.token()).expect(200).body().at("/assignee/id").asText())
                .isEqualTo(ann.id());
        Map<String, Object> nobody = new java.util.HashMap<>();
        nobody.put("assignee_id", null);
        assertThat(api.call("PUT", shop.base() + "/conversations/" + c + "/assignee", ann.token(), nobody)
                .expect(200).body().get("assignee").isNull()).isTrue();
        Api.Res badStatus = api.call("PUT", shop.base() + "/conversations/" + c + "/status", ann.token(),
                Map.of("status", "snoozed"));
        assertThat(badStatus.status()).isEqualTo(422);
        assertThat(badStatus.contentType()).startsWith("application/problem+json");
        assertThat(api.get(shop.base() + "/inbox?status=later", ann.token()).status()).isEqualTo(400);
        // Filtering on someone who is not on the team (or a typo) says so, rather than an inbox that looks empty.
        for (String who : List.of(stranger.id(), "bogus", "Me")) {
            Api.Res filtered = api.get(shop.base() + "/inbox?assignee=" + who, ann.token());
            assertThat(filtered.status()).as(who).isEqualTo(400);
            assertThat(filtered.code()).isEqualTo("validation_failed");
            assertThat(filtered.body().get("detail").asText()).contains("agents");
        }
        assertThat(api.get(shop.base() + "/inbox?assignee=" + ann.id(), ann.token()).status()).isEqualTo(200);
        assertThat(api.call("PUT", shop.base() + "/inbox/settings", ann.token(), Map.of("agent_cap", 3)).code())
                .isEqualTo("forbidden");
        assertThat(api.call("PUT", shop.base() + "/inbox/settings", shop.owner().token(), Map.of("agent_cap", 0))
                .status()).isEqualTo(422);
        JsonNode settings = api.call("PUT", shop.base() + "/inbox/settings", shop.owner().token(),
                Map.of("auto_assign", false)).expect(200).body();
        assertThat(settings.get("auto_assign").asBoolean()).isFalse();
        assertThat(api.get(shop.base() + "/inbox/settings", ann.token()).expect(200).body().get("agent_cap").asInt())
                .isEqualTo(10);
    }

    @Test
    void aResolvedConversationReopensOnANewCustomerMessage() {
        Shop shop = shops.shop("reo");
        Person carl = customer("reo_c");
        String c = write(shop, carl, "Hi, do you deliver on Saturdays?");
        shops.awaitItem(shop, shop.owner(), c, i -> i.get("status").asText().equals("open"));
        api.post(shop.base() + "/conversations/" + c + "/messages", shop.owner().token(),
                Map.of("client_id", "a1", "text", "We do!")).expect(201);
        JsonNode resolved = api.call("PUT", shop.base() + "/conversations/" + c + "/status", shop.owner().token(),
                Map.of("status", "resolved")).expect(200).body();
        assertThat(resolved.get("status").asText()).isEqualTo("resolved");
        assertThat(api.get(shop.base() + "/inbox", shop.owner().token()).body().get("items")).isEmpty();
        assertThat(ids(api.get(shop.base() + "/inbox?status=resolved", shop.owner().token()).body()))
                .containsExactly(c);

        api.send(carl, c, "Sorry, one more question: and on Sundays?").expect(201);
        JsonNode reopened = shops.awaitItem(shop, shop.owner(), c, i -> i.get("status").asText().equals("open"));
        assertThat(reopened.at("/last_message/text").asText()).isEqualTo("Sorry, one more question: and on Sundays?");
        assertThat(ids(api.get(shop.base() + "/inbox", shop.owner().token()).body())).containsExactly(c);

        // Pending (waiting for the customer) opens too when the customer answers.
        api.call("PUT", shop.base() + "/conversations/" + c + "/status", shop.owner().token(),
                Map.of("status", "pending")).expect(200);
        api.send(carl, c, "Thanks, that settles it").expect(201);
        shops.awaitItem(shop, shop.owner(), c, i -> i.get("status").asText().equals("open")
                && i.at("/last_message/text").asText().equals("Thanks, that settles it"));
        // The business's own reply does not reopen anything.
        api.call("PUT", shop.base() + "/conversations/" + c + "/status", shop.owner().token(),
                Map.of("status", "resolved")).expect(200);
        api.post(shop.base() + "/conversations/" + c + "/messages", shop.owner().token(),
                Map.of("client_id", "a2", "text", "You're welcome!")).expect(201);
        JsonNode after = shops.awaitItem(shop, shop.owner(), c,
                i -> i.at("/last_message/text").asText().equals("You're welcome!"));
        assertThat(after.get("status").asText()).isEqualTo("resolved");
    }

    @Test
    void triageLabelsIncomingMessagesAndComplaintsComeFirst() {
        Shop shop = shops.shop("tri");
        Person agent = shop.owner();
        String complaint = write(shop, customer("tri_c"), "My order arrived smashed and nobody answers my emails!");
        JsonNode c = shops.awaitItem(shop, agent, complaint, i -> !i.get("triage").isNull());
        assertThat(texts(c.get("labels"))).containsExactly("complaint");
        assertThat(c.get("urgent").asBoolean()).isTrue();
        assertThat(c.at("/triage/label").asText()).isEqualTo("complaint");
        String question = write(shop, customer("tri_q"), "Do you have these boots in a size 39?");
        JsonNode q = shops.awaitItem(shop, agent, question, i -> !i.get("triage").isNull());
        assertThat(texts(q.get("labels"))).containsExactly("question");
        assertThat(q.get("urgent").asBoolean()).isFalse();

        // The question is newer, but the complaint comes first; by newest it is the other way round.
        assertThat(ids(api.get(shop.base() + "/inbox", agent.token()).body())).containsExactly(complaint, question);
        assertThat(ids(api.get(shop.base() + "/inbox?sort=newest", agent.token()).body()))
                .containsExactly(question, complaint);
        assertThat(ids(api.get(shop.base() + "/inbox?label=question", agent.token()).body())).containsExactly(question);
        // Paging walks the same order without repeats.
        JsonNode first = api.get(shop.base() + "/inbox?limit=1", agent.token()).body();
        JsonNode second = api.get(shop.base() + "/inbox?limit=1&cursor=" + first.get("next_cursor").asText(),
                agent.token()).body();
        assertThat(ids(first)).containsExactly(complaint);
        assertThat(ids(second)).containsExactly(question);
        assertThat(second.get("next_cursor").isNull()).isTrue();

        // Marked spam, the complaint no longer comes first.
        JsonNode spam = api.call("PUT", shop.base() + "/conversations/" + complaint + "/labels", agent.token(),
                Map.of("labels", List.of("complaint", "spam"))).expect(200).body();
        assertThat(spam.get("urgent").asBoolean()).isFalse();
        assertThat(ids(api.get(shop.base() + "/inbox", agent.token()).body())).containsExactly(question, complaint);
    }

    /**
     * A complaint stays a complaint when the customer then asks something ("when will the
     * replacement ship?"): triage's labels add up over the conversation, so it keeps its place at
     * the top, until an agent sets the labels; from then on triage adds to what the agent set.
     */
    @Test
    void aComplaintFollowedByAQuestionStaysUrgentUntilAnAgentChangesTheLabels() {
        Shop shop = shops.shop("acc");
        Person agent = shop.owner();
        Person cus = customer("acc_c");
        String c = write(shop, cus, "The lamp arrived shattered and I've been waiting a week for an answer.");
        shops.awaitItem(shop, agent, c, i -> texts(i.get("labels")).contains("complaint"));
        api.send(cus, c, "When will the replacement ship?").expect(201);
        String later = write(shop, customer("acc_q"), "Do you sell lampshades separately?");
        shops.awaitItem(shop, agent, later, i -> !i.get("triage").isNull());
        JsonNode both = shops.awaitItem(shop, agent, c, i -> i.at("/triage/label").asText().equals("question"));
        assertThat(texts(both.get("labels"))).containsExactlyInAnyOrder("complaint", "question");
        assertThat(both.get("urgent").asBoolean()).isTrue();
        assertThat(ids(api.get(shop.base() + "/inbox", agent.token()).body())).containsExactly(c, later);

        JsonNode set = api.call("PUT", shop.base() + "/conversations/" + c + "/labels", agent.token(),
                Map.of("labels", List.of("question"))).expect(200).body();
        assertThat(set.get("urgent").asBoolean()).isFalse();
        api.send(cus, c, "Also, do you have the matching shade in white?").expect(201);
        JsonNode after = shops.awaitItem(shop, agent, c,
                i -> i.at("/last_message/text").asText().startsWith("Also") && !i.get("triage").isNull()
                        && i.at("/triage/message_id").asText().equals(i.at("/last_message/id").asText()));
        assertThat(texts(after.get("labels"))).doesNotContain("complaint").contains("question");
    }

    @Test
    void anAgentsCorrectionIsKeptAndLearnedFrom() {
        Shop shop = shops.shop("cor");
        Person agent = shop.owner();
        String text = "The courier left my parcel with the neighbour.";
        String c1 = write(shop, customer("cor_a"), text);
        JsonNode before = shops.awaitItem(shop, agent, c1, i -> !i.get("triage").isNull());
        String auto = before.at("/triage/label").asText();
        String corrected = Triage.LABELS.stream().filter(l -> !l.equals(auto)).findFirst().orElseThrow();

        JsonNode after = api.call("PUT", shop.base() + "/conversations/" + c1 + "/labels", agent.token(),
                Map.of("labels", List.of(corrected, "vip"))).expect(200).body();
        assertThat(texts(after.get("labels"))).containsExactly(corrected, "vip");
        assertThat(after.at("/triage/label").asText()).isEqualTo(auto);
        assertThat(after.at("/triage/corrected_label").asText()).isEqualTo(corrected);
        assertThat(after.get("urgent").asBoolean()).isEqualTo(corrected.equals("complaint"));

        // Another customer writes nearly the same: triage now says what the agent said.
        String c2 = write(shop, customer("cor_b"), "The courier left my parcel with my neighbour!");
        JsonNode learned = shops.awaitItem(shop, agent, c2, i -> !i.get("triage").isNull());
        assertThat(learned.at("/triage/label").asText()).isEqualTo(corrected);

        // Resolved and reopened: the agent's labels stay.
        api.call("PUT", shop.base() + "/conversations/" + c1 + "/status", agent.token(), Map.of("status", "resolved"))
                .expect(200);
        JsonNode again = api.get(shop.base() + "/inbox/" + c1, agent.token()).body();
        assertThat(texts(again.get("labels"))).contains(corrected, "vip");
        Api.Res bad = api.call("PUT", shop.base() + "/conversations/" + c1 + "/labels", agent.token(),
                Map.of("labels", List.of("Not A Label!")));
        assertThat(bad.status()).isEqualTo(422);
    }

    @Test
    void everyAgentHearsInboxChangesLiveAndTheCustomerNever() {
        Shop shop = shops.shop("live");
        Person ann = shops.agent(shop, "live_ann" + (++n), "agent");
        Person carl = customer("live_c");
        String c = shops.customerConversation(shop, carl);
        try (Socket owner = shops.businessStream(NODE.node(), shop, shop.owner());
             Socket annSocket = shops.businessStream(NODE.node(), shop, ann);
             Socket customerSocket = shops.stream(NODE.node(), carl)) {
            api.send(carl, c, "Hello! What are your opening hours?").expect(201);
            for (Socket s : List.of(owner, annSocket)) {
                JsonNode e = s.await(f -> "inbox.updated".equals(f.at("/event/type").asText())
                        && c.equals(f.at("/event/conversation_id").asText()), Duration.ofSeconds(30));
                assertThat(e.at("/event/data/item/status").asText()).isEqualTo("open");
            }
            api.call("PUT", shop.base() + "/conversations/" + c + "/status", ann.token(), Map.of("status", "pending"))
                    .expect(200);
            JsonNode pending = owner.await(f -> "inbox.updated".equals(f.at("/event/type").asText())
                    && "pending".equals(f.at("/event/data/item/status").asText()));
            assertThat(pending.at("/event/conversation_id").asText()).isEqualTo(c);
            customerSocket.drain(Duration.ofMillis(300));
            assertThat(customerSocket.received()).noneMatch(f -> f.toString().contains("inbox.updated"));
        }
    }

    /**
     * Right after a message the item says whether the intake has taken it in: while "pending"
     * assignment and labels may still come; once "done" they are there (an online agent with room
     * has it). Before, an item with nobody on it looked final.
     */
    @Test
    void anItemSaysWhileItsLatestMessageIsStillBeingTakenIn() {
        Shop shop = shops.shop("pend");
        try (Socket on = shops.businessStream(NODE.node(), shop, shop.owner())) {
            shops.awaitOnline(shop, shop.owner(), true);
            for (int i = 0; i < 5; i++) {
                String c = write(shop, customer("pend_c"), "Hello, a question about my order " + i);
                JsonNode now = api.get(shop.base() + "/inbox/" + c, shop.owner().token()).expect(200).body();
                assertThat(now.get("intake").asText()).isIn("pending", "done");
                if (now.get("intake").asText().equals("done")) {
                    assertThat(now.at("/assignee/id").asText()).isEqualTo(shop.owner().id());
                }
                JsonNode done = shops.awaitItem(shop, shop.owner(), c, x -> x.get("intake").asText().equals("done"));
                assertThat(done.at("/assignee/id").asText()).as("taken in: assigned").isEqualTo(shop.owner().id());
                api.call("PUT", shop.base() + "/conversations/" + c + "/status", shop.owner().token(),
                        Map.of("status", "resolved")).expect(200);
            }
        }
    }

    private String write(Shop shop, Person customer, String text) {
        String c = shops.customerConversation(shop, customer);
        api.send(customer, c, text).expect(201);
        return c;
    }

    /** The inbox item the intake announced on the business's stream once it took the conversation in. */
    private static JsonNode taken(Socket businessStream, String c) {
        return businessStream.await(f -> "inbox.updated".equals(f.at("/event/type").asText())
                && c.equals(f.at("/event/conversation_id").asText()), Duration.ofSeconds(30)).at("/event/data/item");
    }

    private static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("items").forEach(i -> out.add(i.get("conversation_id").asText()));
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asText()));
        return out;
    }
}
