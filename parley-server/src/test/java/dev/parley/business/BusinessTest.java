package dev.parley.business;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.NodeFixture;
import dev.parley.testing.Socket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A business page is run by its owner with the owner's own token; to customers the business is the sender. */
class BusinessTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static final Api api = NODE.api();

    @Test
    void ownerAnswersCustomersAsTheBusiness() {
        Person owner = api.signUp("olga");
        Person customer = api.signUp("carl");
        Api.Res created = api.post("/api/v1/businesses", owner.token(), Map.of("handle", "Acme_Shoes", "display_name", "Acme Shoes"));
        assertThat(created.status()).isEqualTo(201);
        JsonNode business = created.body().get("business");
        assertThat(business.get("kind").asText()).isEqualTo("business");
        assertThat(business.get("handle").asText()).isEqualTo("acme_shoes");
        String acme = business.get("id").asText();
        assertThat(api.get("/api/v1/me/businesses", owner.token()).body().at("/items/0/id").asText()).isEqualTo(acme);
        assertThat(api.post("/api/v1/businesses", owner.token(), Map.of("handle", "acme_shoes", "display_name", "Again"))
                .status()).isEqualTo(409);

        api.put("/api/v1/accounts/" + acme + "/like", customer.token()).expect(200);
        String c = api.open(customer, new Person(acme, "acme_shoes", null));
        String b = "/api/v1/businesses/" + acme;
        String since = api.get(b + "/sync", owner.token()).body().get("next").asText();
        try (Socket agentSocket = Socket.open(NODE.node(), owner.token(), "business=" + acme)) {
            api.send(customer, c, "Do you have size 44?").expect(201);
            JsonNode pushed = agentSocket.awaitEvent("message.created");
            assertThat(pushed.at("/event/data/message/text").asText()).isEqualTo("Do you have size 44?");

            JsonNode inbox = api.get(b + "/conversations", owner.token()).body();
            assertThat(inbox.at("/items/0/id").asText()).isEqualTo(c);
            Api.Res reply = api.post(b + "/conversations/" + c + "/messages", owner.token(),
                    Map.of("client_id", "r1", "text", "We do!"));
            assertThat(reply.status()).isEqualTo(201);
            assertThat(reply.body().get("sender_id").asText()).isEqualTo(acme);
        }
        JsonNode seen = api.get("/api/v1/conversations/" + c + "/messages", customer.token()).body();
        assertThat(seen.at("/items/1/sender_id").asText()).isEqualTo(acme);
        assertThat(seen.at("/items/1").has("agent_id")).isFalse();
        // The business's own feed has the conversation's events.
        JsonNode feed = api.get(b + "/sync?since=" + since, owner.token()).body();
        assertThat(feed.get("events").findValuesAsText("type")).contains("message.created");
        // Its follows are its own.
        Api.Res follows = api.put(b + "/accounts/" + customer.id() + "/follow", owner.token());
        assertThat(follows.status()).isEqualTo(200);
        assertThat(api.get("/api/v1/accounts/" + acme, customer.token()).body().get("follows_you").asBoolean()).isTrue();
    }

    @Test
    void outsidersCannotActForABusiness() {
        Person owner = api.signUp("otto");
        Person stranger = api.signUp("sam");
        String shop = api.post("/api/v1/businesses", owner.token(), Map.of("handle", "otto_shop", "display_name", "Shop"))
                .body().at("/business/id").asText();
        String b = "/api/v1/businesses/" + shop;
        Api.Res unknown = api.get("/api/v1/businesses/a-00000000000000000000/conversations", stranger.token());
        for (Api.Res r : List.of(api.get(b + "/conversations", stranger.token()), api.get(b + "/sync", stranger.token()),
                api.put(b + "/accounts/" + owner.id() + "/follow", stranger.token()))) {
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.raw()).isEqualTo(unknown.raw());
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Socket.open(NODE.node(), stranger.token(), "business=" + shop))
                .hasStackTraceContaining("404");
    }

    @Test
    void businessOpensAConversationWithAFirstMessage() {
        Person owner = api.signUp("opal");
        Person prospect = api.signUp("pia");
        String shop = api.post("/api/v1/businesses", owner.token(), Map.of("handle", "opal_co", "display_name", "Opal Co"))
                .body().at("/business/id").asText();
        Api.Res out = api.post("/api/v1/businesses/" + shop + "/conversations", owner.token(),
                Map.of("member_ids", List.of(prospect.id()), "client_id", "o1", "text", "Hi Pia, loved your post"));
        assertThat(out.status()).isEqualTo(201);
        assertThat(out.body().at("/message/sender_id").asText()).isEqualTo(shop);
        // Pia doesn't follow the business: it arrives as a request.
        JsonNode requests = api.get("/api/v1/conversations?folder=requests", prospect.token()).body();
        assertThat(requests.at("/items/0/last_message/text").asText()).isEqualTo("Hi Pia, loved your post");
        Api.Res bad = api.post("/api/v1/businesses/" + shop + "/conversations", owner.token(),
                Map.of("member_ids", List.of(prospect.id()), "client_id", "o2"));
        assertThat(bad.status()).isEqualTo(422);
    }
}
