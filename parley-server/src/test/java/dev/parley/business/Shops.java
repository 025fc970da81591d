package dev.parley.business;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Eventually;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

/** Test fixtures for businesses: a shop with its owner, agents added by role, customers who write to it. */
public final class Shops {
    private final Api api;
    private int n;

    public Shops(Api api) {
        this.api = api;
    }

    /** A business and its owner; {@code base} is the business's route prefix. */
    public record Shop(String id, Person owner, String base) {}

    public Shop shop(String name) {
        n++;
        Person owner = api.signUp(name + "_own" + n);
        String handle = name + "_shop" + n;
        String id = api.post("/api/v1/businesses", owner.token(), Map.of("handle", handle, "display_name", name + " Shop"))
                .expect(201).body().at("/business/id").asText();
        return new Shop(id, owner, "/api/v1/businesses/" + id);
    }

    public Person agent(Shop shop, String handle, String role) {
        Person p = api.signUp(handle);
        api.joinTeam(shop.owner(), shop.id(), p, role);
        return p;
    }

    /** A customer who likes the shop and opens a conversation with it; answers the conversation id. */
    public String customerConversation(Shop shop, Person customer) {
        api.put("/api/v1/accounts/" + shop.id() + "/like", customer.token()).expect(200);
        return api.open(customer, new Person(shop.id(), null, null));
    }

    /**
     * Opens the agent's stream of the business from its current token, so nothing committed after
     * this call is missed however long the socket takes to register.
     */
    dev.parley.testing.Socket businessStream(dev.parley.testing.TestNode node, Shop shop, Person agent) {
        String since = api.get(shop.base() + "/sync", agent.token()).expect(200).body().get("next").asText();
        return dev.parley.testing.Socket.open(node, agent.token(), "business=" + shop.id() + "&since=" + since);
    }

    /** The person's own stream, from their current token. */
    public dev.parley.testing.Socket stream(dev.parley.testing.TestNode node, Person p) {
        String since = api.get("/api/v1/sync", p.token()).expect(200).body().get("next").asText();
        return dev.parley.testing.Socket.open(node, p.token(), "since=" + since);
    }

    /** Polls the conversation's inbox item until it matches (the intake works after commit). */
    JsonNode awaitItem(Shop shop, Person agent, String conversationId, Predicate<JsonNode> match) {
        return Eventually.await("the inbox item of " + conversationId + " matches", Duration.ofSeconds(30), () -> {
            Api.Res r = api.get(shop.base() + "/inbox/" + conversationId, agent.token());
            assertThat(r.status()).as(r.raw()).isEqualTo(200);
            return r.body();
        }, match);
    }

    /** Polls the agent list until the person's presence is as expected (sockets register asynchronously). */
    void awaitOnline(Shop shop, Person agent, boolean online) {
        Eventually.await(agent.handle() + " is " + (online ? "online" : "offline"), Duration.ofSeconds(10), () -> {
            for (JsonNode a : api.get(shop.base() + "/agents", shop.owner().token()).expect(200).body().get("items")) {
                if (a.at("/account/id").asText().equals(agent.id()) && a.get("online").asBoolean() == online) {
                    return true;
                }
            }
            return false;
        });
    }
}
