package dev.parley.business;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.business.Shops.Shop;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Eventually;
import dev.parley.testing.NodeFixture;
import dev.parley.testing.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What agents see and the customer never does: internal notes, and which agent wrote each reply.
 * "Never" means on every route, event, sync page and stream frame the customer can reach.
 */
class NotesAndAgentsTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of("inbox.triage", "off"));
    static final Api api = NODE.api();
    static final Shops shops = new Shops(api);
    static int n;

    @Test
    void anInternalNoteNeverReachesTheCustomer() {
        Shop shop = shops.shop("note");
        Person ann = shops.agent(shop, "note_ann" + (++n), "agent");
        Person carl = api.signUp("note_carl" + n);
        String c = shops.customerConversation(shop, carl);
        String since = api.get("/api/v1/sync", carl.token()).body().get("next").asText();
        String secret = "Zebracorn says refund him quietly";
        try (Socket customerSocket = shops.stream(NODE.node(), carl);
             Socket agentSocket = shops.businessStream(NODE.node(), shop, ann)) {
            api.send(carl, c, "Where is my parcel?").expect(201);
            Api.Res note = api.post(shop.base() + "/conversations/" + c + "/notes", ann.token(), Map.of("text", secret));
            assertThat(note.status()).isEqualTo(201);
            assertThat(note.body().get("author_id").asText()).isEqualTo(ann.id());
            assertThat(note.body().get("author_name").asText()).isEqualTo(displayName(ann));
            // Every agent hears of it on the business's stream.
            JsonNode pushed = agentSocket.awaitEvent("note.created");
            assertThat(pushed.at("/event/data/note/text").asText()).isEqualTo(secret);
            JsonNode notes = api.get(shop.base() + "/conversations/" + c + "/notes", shop.owner().token()).expect(200).body();
            assertThat(notes.at("/items/0/text").asText()).isEqualTo(secret);
            // A reply after the note, so the customer's socket surely had its chance to get anything.
            api.post(shop.base() + "/conversations/" + c + "/messages", ann.token(),
                    Map.of("client_id", "r1", "text", "On its way!")).expect(201);
            customerSocket.await(f -> "On its way!".equals(f.at("/event/data/message/text").asText()));
            customerSocket.drain(Duration.ofMillis(300));
            assertThat(customerSocket.received()).allSatisfy(f -> assertThat(f.toString()).doesNotContain("Zebracorn")
                    .doesNotContain("note.created"));
        }
        List<Api.Res> customerViews = List.of(
                api.get("/api/v1/conversations/" + c + "/messages", carl.token()),
                api.get("/api/v1/conversations/" + c, carl.token()),
                api.get("/api/v1/conversations", carl.token()),
                api.get("/api/v1/search/messages?q=zebracorn", carl.token()),
                api.get("/api/v1/sync?since=" + since, carl.token()));
        for (Api.Res r : customerViews) {
            assertThat(r.status()).as(r.raw()).isEqualTo(200);
            assertThat(r.raw()).doesNotContain("Zebracorn").doesNotContain("note.created");
        }
        assertThat(api.get("/api/v1/search/messages?q=zebracorn", carl.token()).body().get("items")).isEmpty();
        // The notes route is the business's: to the customer it does not exist.
        Api.Res unknown = api.get("/api/v1/businesses/a-00000000000000000000/conversations/" + c + "/notes", carl.token());
        Api.Res asCustomer = api.get(shop.base() + "/conversations/" + c + "/notes", carl.token());
        assertThat(asCustomer.status()).isEqualTo(404);
        assertThat(asCustomer.raw()).isEqualTo(unknown.raw());
        // Notes are text like messages: none blank, none too long.
        assertThat(api.post(shop.base() + "/conversations/" + c + "/notes", ann.token(), Map.of("text", " ")).status())
                .isEqualTo(422);
    }

    @Test
    void agentsSeeWhoWroteEachReplyTheCustomerSeesTheBusiness() {
        Shop shop = shops.shop("who");
        Person ann = shops.agent(shop, "who_ann" + (++n), "agent");
        Person bob = shops.agent(shop, "who_bob" + n, "agent");
        Person carl = api.signUp("who_carl" + n);
        String c = shops.customerConversation(shop, carl);
        String since = api.get("/api/v1/sync", carl.token()).body().get("next").asText();
        // The customer is told, in the conversation, that the business's team and bots read it.
        JsonNode seen = api.get("/api/v1/conversations/" + c, carl.token()).body();
        assertThat(seen.at("/notice/code").asText()).isEqualTo("business_reads");
        assertThat(seen.at("/notice/text").asText()).contains(shop.id().isEmpty() ? "" : "who Shop").contains("team")
                .contains("bots");
        assertThat(api.get(shop.base() + "/conversations/" + c, ann.token()).body().get("notice").isNull()).isTrue();
        try (Socket customerSocket = shops.stream(NODE.node(), carl);
             Socket bobSocket = shops.businessStream(NODE.node(), shop, bob)) {
            api.send(carl, c, "Hi! Is the red one back in stock?").expect(201);
            JsonNode sent = api.post(shop.base() + "/conversations/" + c + "/messages", ann.token(),
                    Map.of("client_id", "a1", "text", "Yes, since this morning.")).expect(201).body();
            assertThat(sent.get("sender_id").asText()).isEqualTo(shop.id());
            assertThat(sent.get("agent_id").asText()).isEqualTo(ann.id());
            assertThat(sent.get("agent_name").asText()).isEqualTo(displayName(ann));
            // Another agent sees who wrote it, live and in history and in the list.
            JsonNode live = bobSocket.await(f -> "Yes, since this morning.".equals(f.at("/event/data/message/text").asText()));
            assertThat(live.at("/event/data/message/agent_id").asText()).isEqualTo(ann.id());
            assertThat(live.at("/event/data/message/agent_name").asText()).isEqualTo(displayName(ann));
            JsonNode history = api.get(shop.base() + "/conversations/" + c + "/messages", bob.token()).body();
            assertThat(history.at("/items/1/agent_name").asText()).isEqualTo(displayName(ann));
            assertThat(history.at("/items/0").has("agent_id")).isFalse(); // the customer's own message
            JsonNode list = api.get(shop.base() + "/conversations", bob.token()).body();
            assertThat(list.at("/items/0/last_message/agent_id").asText()).isEqualTo(ann.id());
            assertThat(api.get(shop.base() + "/inbox/" + c, bob.token()).body().at("/last_message/agent_name").asText())
                    .isEqualTo(displayName(ann));
            // The customer sees the business, and nothing of Ann.
            JsonNode pushed = customerSocket.await(f -> "Yes, since this morning.".equals(f.at("/event/data/message/text").asText()));
            assertThat(pushed.at("/event/data/message/sender_id").asText()).isEqualTo(shop.id());
            customerSocket.drain(Duration.ofMillis(200));
            assertThat(customerSocket.received()).allSatisfy(f -> assertThat(f.toString())
                    .doesNotContain("agent_id").doesNotContain("agent_name").doesNotContain(ann.id()));
        }
        for (Api.Res r : List.of(api.get("/api/v1/conversations/" + c + "/messages", carl.token()),
                api.get("/api/v1/conversations", carl.token()),
                api.get("/api/v1/conversations/" + c, carl.token()),
                api.get("/api/v1/search/messages?q=morning", carl.token()),
                api.get("/api/v1/sync?since=" + since, carl.token()))) {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.raw()).doesNotContain("agent_id").doesNotContain("agent_name").doesNotContain(ann.id())
                    .doesNotContain(displayName(ann));
        }
        JsonNode customerHistory = api.get("/api/v1/conversations/" + c + "/messages", carl.token()).body();
        assertThat(customerHistory.at("/items/1/sender_id").asText()).isEqualTo(shop.id());
    }

    @Test
    void ownersAndAdminsManageTheTeam() {
        Shop shop = shops.shop("team");
        Person owner = shop.owner();
        Person ada = api.signUp("team_ada" + (++n));
        Person ben = api.signUp("team_ben" + n);
        Person cy = api.signUp("team_cy" + n);
        String agents = shop.base() + "/agents";
        api.joinTeam(owner, shop.id(), ada, "admin");
        api.joinTeam(ada, shop.id(), ben, "agent"); // an admin invites plain agents
        // An admin manages plain agents only; an agent manages nobody.
        assertThat(api.post(agents, ada.token(), Map.of("account_id", cy.id(), "role", "admin")).code()).isEqualTo("forbidden");
        assertThat(api.post(agents, ben.token(), Map.of("account_id", cy.id(), "role", "agent")).code()).isEqualTo("forbidden");
        assertThat(api.delete(agents + "/" + owner.id(), ada.token()).code()).isEqualTo("forbidden");
        // Changing a role answers 200; the agent list shows roles and names.
        assertThat(api.post(agents, owner.token(), Map.of("account_id", ben.id(), "role", "admin")).status()).isEqualTo(200);
        JsonNode team = api.get(agents, ben.token()).expect(200).body();
        assertThat(team.get("items")).hasSize(3);
        assertThat(team.at("/items/2/account/id").asText()).isEqualTo(ben.id());
        assertThat(team.at("/items/2/role").asText()).isEqualTo("admin");
        assertThat(team.at("/items/2/account/display_name").asText()).isEqualTo(displayName(ben));
        // Bad input.
        assertThat(api.post(agents, owner.token(), Map.of("account_id", cy.id(), "role", "boss")).status()).isEqualTo(422);
        assertThat(api.post(agents, owner.token(), Map.of("account_id", shop.id(), "role", "agent")).status()).isEqualTo(422);
        assertThat(api.post(agents, owner.token(), Map.of("account_id", "a-00000000000000000000", "role", "agent")).status())
                .isEqualTo(404);
        // A business keeps an owner.
        assertThat(api.delete(agents + "/" + owner.id(), owner.token()).status()).isEqualTo(409);
        assertThat(api.post(agents, owner.token(), Map.of("account_id", owner.id(), "role", "agent")).status()).isEqualTo(409);
        assertThat(api.get("/api/v1/me/businesses", ben.token()).body().at("/items/0/id").asText()).isEqualTo(shop.id());
    }

    @Test
    void aRemovedAgentLosesAccessSocketsAndConversations() {
        Shop shop = shops.shop("gone");
        Person ann = shops.agent(shop, "gone_ann" + (++n), "agent");
        Person carl = api.signUp("gone_carl" + n);
        String c = shops.customerConversation(shop, carl);
        api.send(carl, c, "Hello?").expect(201);
        api.call("PUT", shop.base() + "/conversations/" + c + "/assignee", ann.token(), Map.of("assignee_id", ann.id()))
                .expect(200);
        try (Socket annSocket = shops.businessStream(NODE.node(), shop, ann);
             Socket ownerSocket = shops.businessStream(NODE.node(), shop, shop.owner())) {
            shops.awaitOnline(shop, ann, true);
            assertThat(api.delete(shop.base() + "/agents/" + ann.id(), shop.owner().token()).status()).isEqualTo(204);
            JsonNode freed = ownerSocket.await(f -> "inbox.updated".equals(f.at("/event/type").asText())
                    && f.at("/event/data/item/assignee").isNull());
            assertThat(freed.at("/event/conversation_id").asText()).isEqualTo(c);
            Eventually.await("the removed agent's socket is closed", Duration.ofSeconds(10), annSocket::isClosed);
        }
        Api.Res unknown = api.get("/api/v1/businesses/a-00000000000000000000/inbox", ann.token());
        Api.Res gone = api.get(shop.base() + "/inbox", ann.token());
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.raw()).isEqualTo(unknown.raw());
        assertThat(api.get("/api/v1/me/businesses", ann.token()).body().get("items")).isEmpty();
        // Anyone may leave (but the last owner).
        Person bea = shops.agent(shop, "gone_bea" + n, "agent");
        assertThat(api.delete(shop.base() + "/agents/" + bea.id(), bea.token()).status()).isEqualTo(204);
    }

    private static String displayName(Person p) {
        return p.handle().substring(0, 1).toUpperCase() + p.handle().substring(1);
    }
}
