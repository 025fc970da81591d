package dev.parley.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.business.Shops;
import dev.parley.business.Shops.Shop;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Eventually;
import dev.parley.testing.NodeFixture;
import dev.parley.testing.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A business's agents away from Parley (issue 17 point 4): the one notification decision tells the
 * agent a customer conversation is assigned to, through a real push service on 127.0.0.1 that
 * checks the VAPID token and decrypts each push. A new assignment is told once, then each customer
 * message; nothing for what the team writes, for an unassigned conversation or another agent's,
 * for an agent at a visible tab, or for an agent who left the team or whose assignment moved.
 *
 * <p>A "nothing" is checked after a later push went out: the node decides due rows in due order.
 */
class AgentPushTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of("outbound.allow_private_addresses", "on",
            "notify.delay", "300ms", "push.retry_base", "200ms",
            // a collapse window of a second, not the 10 s default: each customer message here is its own news
            "notify.collapse", "1s"));
    static final Api api = NODE.api();
    static final Shops shops = new Shops(api);
    static final PushService push = new PushService();
    private static final Duration WAIT = Duration.ofSeconds(15);
    static int n;

    @AfterAll
    static void stop() {
        push.close();
    }

    private static PushService.Browser device(Person who) {
        push.expectKey(api.get("/api/v1/push/vapid-public-key", null).expect(200).body().get("key").asText());
        PushService.Browser b = push.subscribe();
        api.post("/api/v1/me/devices", who.token(), b.registration()).expect(201);
        return b;
    }

    /** A shop that assigns by hand, so each assignment is the test's. */
    private static Shop handAssigningShop(String name) {
        Shop shop = shops.shop(name);
        api.call("PUT", shop.base() + "/inbox/settings", shop.owner().token(), Map.of("auto_assign", false)).expect(200);
        return shop;
    }

    private static String customerWrites(Shop shop, Person customer, String text) {
        String c = shops.customerConversation(shop, customer);
        api.send(customer, c, text).expect(201);
        return c;
    }

    private static void assign(Shop shop, String conversation, Person agent) {
        api.call("PUT", shop.base() + "/conversations/" + conversation + "/assignee", shop.owner().token(),
                Map.of("assignee_id", agent.id())).expect(200);
    }

    private static String name(Person p) {
        return api.get("/api/v1/me", p.token()).expect(200).body().get("display_name").asText();
    }

    private static JsonNode awaitPush(PushService.Browser b, int count) {
        Eventually.await("push " + count + " at the device", WAIT, () -> push.receivedBy(b).size() >= count);
        Eventually.sleep(Duration.ofMillis(400)); // a second push for the same news would be here by now
        assertThat(push.receivedBy(b)).hasSize(count);
        return push.receivedBy(b).get(count - 1).payload();
    }

    @Test
    void anAssignmentIsToldOnceThenEachCustomerMessageNamingTheBusiness() {
        Shop shop = handAssigningShop("agp");
        Person ann = shops.agent(shop, "agp_ann" + (++n), "agent");
        Person bob = shops.agent(shop, "agp_bob" + n, "agent");
        PushService.Browser annPhone = device(ann);
        PushService.Browser bobPhone = device(bob);
        Person customer = api.signUp("agp_cus" + n);
        String c = customerWrites(shop, customer, "my bell does not ring");

        assign(shop, c, ann);
        JsonNode assigned = awaitPush(annPhone, 1);
        assertThat(assigned.get("kind").asText()).isEqualTo("assigned");
        assertThat(assigned.get("title").asText()).isEqualTo("New conversation for you at agp Shop");
        assertThat(assigned.get("body").asText()).isEqualTo("From " + name(customer));
        assertThat(assigned.get("conversation_id").asText()).isEqualTo(c);
        assertThat(assigned.get("acting_as").asText()).isEqualTo(shop.id());

        api.send(customer, c, "it is the blue one").expect(201);
        JsonNode message = awaitPush(annPhone, 2);
        assertThat(message.get("kind").asText()).isEqualTo("message");
        assertThat(message.get("title").asText()).isEqualTo(name(customer) + " at agp Shop");
        assertThat(message.get("body").asText()).isEqualTo("it is the blue one");
        assertThat(message.get("acting_as").asText()).isEqualTo(shop.id());

        // The team's own reply tells nobody; the customer's answer to it does.
        api.post(shop.base() + "/conversations/" + c + "/messages", ann.token(),
                Map.of("client_id", "agp-r1", "text", "Which model is it?")).expect(201);
        api.send(customer, c, "the tall one").expect(201);
        assertThat(awaitPush(annPhone, 3).get("body").asText()).isEqualTo("the tall one");
        assertThat(push.receivedBy(bobPhone)).isEmpty(); // another agent's conversation

        // Reassigned: Bob is told it is his now, and from then on Ann hears nothing of it.
        assign(shop, c, bob);
        assertThat(awaitPush(bobPhone, 1).get("kind").asText()).isEqualTo("assigned");
        api.send(customer, c, "still there?").expect(201);
        assertThat(awaitPush(bobPhone, 2).get("body").asText()).isEqualTo("still there?");
        assertThat(push.receivedBy(annPhone)).hasSize(3);
        assertThat(push.problems()).isEmpty();
    }

    @Test
    void anUnassignedConversationTellsNoAgent() {
        Shop shop = handAssigningShop("agu");
        Person ann = shops.agent(shop, "agu_ann" + (++n), "agent");
        PushService.Browser annPhone = device(ann);
        String waiting = customerWrites(shop, api.signUp("agu_cus" + n), "hello, anyone?");
        // A later conversation assigned to Ann is told: the unassigned one was decided before it.
        String hers = customerWrites(shop, api.signUp("agu_cas" + n), "hello again");
        assign(shop, hers, ann);
        assertThat(awaitPush(annPhone, 1).get("conversation_id").asText()).isEqualTo(hers);
        assertThat(push.receivedBy(annPhone)).extracting(r -> r.payload().get("conversation_id").asText())
                .doesNotContain(waiting);
    }

    @Test
    void anAgentAtAVisibleTabIsLeftToItAndPushedOnceTheTabIsHidden() {
        Shop shop = shops.shop("agv"); // assigns round-robin to online agents: Ann, whose tab is open
        Person ann = shops.agent(shop, "agv_ann" + (++n), "agent");
        PushService.Browser annPhone = device(ann);
        try (Socket tab = Socket.open(NODE.node(), ann.token(), "business=" + shop.id())) {
            Eventually.await("Ann online", WAIT, () -> api.get(shop.base() + "/agents", shop.owner().token())
                    .body().get("items").findValues("online").stream().anyMatch(JsonNode::asBoolean));
            Person customer = api.signUp("agv_cus" + n);
            String c = customerWrites(shop, customer, "is the shop open today?");
            Eventually.await("the conversation assigned to Ann", WAIT, () -> api.get(shop.base() + "/inbox/" + c,
                    ann.token()).body().at("/assignee/id").asText().equals(ann.id()));
            api.send(customer, c, "and tomorrow?").expect(201);
            Eventually.sleep(Duration.ofMillis(1_000)); // both decided by now (delay 300 ms)
            assertThat(push.receivedBy(annPhone)).isEmpty();

            // The tab goes to the background: the node pushes the next customer message, as a message
            // (Ann's tab showed her the assignment already).
            tab.send("{\"type\":\"visibility\",\"visible\":false}");
            Eventually.sleep(Duration.ofMillis(200));
            api.send(customer, c, "hello?").expect(201);
            JsonNode p = awaitPush(annPhone, 1);
            assertThat(p.get("kind").asText()).isEqualTo("message");
            assertThat(p.get("body").asText()).isEqualTo("hello?");
        }
    }

    @Test
    void anAgentWhoLeftTheTeamHearsNoMore() {
        Shop shop = handAssigningShop("agr");
        Person ann = shops.agent(shop, "agr_ann" + (++n), "agent");
        Person bob = shops.agent(shop, "agr_bob" + n, "agent");
        PushService.Browser annPhone = device(ann);
        PushService.Browser bobPhone = device(bob);
        Person customer = api.signUp("agr_cus" + n);
        String c = customerWrites(shop, customer, "my order is late");
        assign(shop, c, ann);
        awaitPush(annPhone, 1);

        api.delete(shop.base() + "/agents/" + ann.id(), shop.owner().token()).expect(204);
        api.send(customer, c, "any news?").expect(201);
        // Something later that Bob is told of: Ann's row was decided before it.
        String later = customerWrites(shop, api.signUp("agr_cas" + n), "hi");
        assign(shop, later, bob);
        awaitPush(bobPhone, 1);
        assertThat(push.receivedBy(annPhone)).hasSize(1);
        List<String> told = push.receivedBy(annPhone).stream().map(r -> r.payload().get("kind").asText()).toList();
        assertThat(told).containsExactly("assigned");
    }
}
