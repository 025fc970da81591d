package dev.parley.business;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.account.JdbcAccountStore;
import dev.parley.business.Shops.Shop;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.NodeFixture;
import dev.parley.testing.Socket;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * People are invited to a business's team, not added without being asked: the invitation shows in
 * their own list and stream, they accept or decline, the business may withdraw it, and until they
 * accept they are no agent (no inbox, not assignable). Someone else's invitation is not found.
 */
class InvitationsTest {
    static final String UNKNOWN_INVITATION = "i-00000000000000000000";
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of("inbox.triage", "off"));
    static final Api api = NODE.api();
    static final Shops shops = new Shops(api);
    static int n;

    static Api.Res invite(Shop shop, Person who, String role) {
        return api.post(shop.base() + "/agents", shop.owner().token(), Map.of("account_id", who.id(), "role", role));
    }

    static JsonNode teamEntry(Shop shop, Person who) {
        for (JsonNode a : api.get(shop.base() + "/agents", shop.owner().token()).expect(200).body().get("items")) {
            if (a.at("/account/id").asText().equals(who.id())) {
                return a;
            }
        }
        return null;
    }

    @Test
    void anInvitedPersonIsNoAgentUntilTheyAccept() {
        Shop shop = shops.shop("inv");
        Person ann = api.signUp("inv_ann" + (++n));
        Person carl = api.signUp("inv_carl" + n);
        String c = shops.customerConversation(shop, carl);
        api.send(carl, c, "Hello?").expect(201);
        Api.Res invited;
        try (Socket annSocket = shops.stream(NODE.node(), ann)) {
            invited = invite(shop, ann, "agent").expect(201);
            assertThat(invited.body().get("status").asText()).isEqualTo("invited");
            assertThat(invited.body().at("/account/id").asText()).isEqualTo(ann.id());
            JsonNode told = annSocket.awaitEvent("invitation.created");
            assertThat(told.at("/event/data/invitation/business/id").asText()).isEqualTo(shop.id());
        }
        String id = invited.body().get("invitation_id").asText();
        // Inviting again answers the same invitation, not a second one.
        assertThat(invite(shop, ann, "agent").status()).isEqualTo(200);

        JsonNode mine = api.get("/api/v1/me/invitations", ann.token()).expect(200).body().get("items");
        assertThat(mine).hasSize(1);
        assertThat(mine.at("/0/id").asText()).isEqualTo(id);
        assertThat(mine.at("/0/business/id").asText()).isEqualTo(shop.id());
        assertThat(mine.at("/0/business/handle").asText()).startsWith("inv_shop");
        assertThat(mine.at("/0/business/display_name").asText()).isEqualTo("inv Shop");
        assertThat(mine.at("/0/invited_by/id").asText()).isEqualTo(shop.owner().id());
        assertThat(mine.at("/0/role").asText()).isEqualTo("agent");
        assertThat(mine.at("/0/created_at").asText()).isNotEmpty();
        assertThat(teamEntry(shop, ann).get("status").asText()).isEqualTo("invited");

        // Not an agent yet: no inbox, not assignable, not acting for the business.
        Api.Res unknown = api.get("/api/v1/businesses/a-00000000000000000000/inbox", ann.token());
        Api.Res inbox = api.get(shop.base() + "/inbox", ann.token());
        assertThat(inbox.status()).isEqualTo(404);
        assertThat(inbox.raw()).isEqualTo(unknown.raw());
        assertThat(api.call("PUT", shop.base() + "/conversations/" + c + "/assignee", shop.owner().token(),
                Map.of("assignee_id", ann.id())).status()).isEqualTo(422);
        assertThat(api.get("/api/v1/me/businesses", ann.token()).body().get("items")).isEmpty();

        JsonNode joined = api.post("/api/v1/me/invitations/" + id + "/accept", ann.token(), null).expect(200).body();
        assertThat(joined.at("/business/id").asText()).isEqualTo(shop.id());
        assertThat(joined.get("status").asText()).isEqualTo("active");
        assertThat(teamEntry(shop, ann).get("status").asText()).isEqualTo("active");
        assertThat(api.get(shop.base() + "/inbox", ann.token()).status()).isEqualTo(200);
        assertThat(api.call("PUT", shop.base() + "/conversations/" + c + "/assignee", shop.owner().token(),
                Map.of("assignee_id", ann.id())).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/me/invitations", ann.token()).body().get("items")).isEmpty();
        assertThat(api.get("/api/v1/me/businesses", ann.token()).body().at("/items/0/id").asText()).isEqualTo(shop.id());
        // Accepted once: the invitation is gone.
        assertThat(api.post("/api/v1/me/invitations/" + id + "/accept", ann.token(), null).status()).isEqualTo(404);
    }

    @Test
    void declinedAndWithdrawnInvitationsLeaveNoAgent() {
        Shop shop = shops.shop("dec");
        Person bea = api.signUp("dec_bea" + (++n));
        Person cy = api.signUp("dec_cy" + n);
        String beas = invite(shop, bea, "agent").expect(201).body().get("invitation_id").asText();
        assertThat(api.post("/api/v1/me/invitations/" + beas + "/decline", bea.token(), null).status()).isEqualTo(204);
        assertThat(teamEntry(shop, bea)).isNull();
        assertThat(api.get("/api/v1/me/invitations", bea.token()).body().get("items")).isEmpty();
        assertThat(api.post("/api/v1/me/invitations/" + beas + "/accept", bea.token(), null).status()).isEqualTo(404);
        assertThat(api.get(shop.base() + "/inbox", bea.token()).status()).isEqualTo(404);

        String cys = invite(shop, cy, "admin").expect(201).body().get("invitation_id").asText();
        try (Socket cySocket = shops.stream(NODE.node(), cy)) {
            assertThat(api.delete(shop.base() + "/agents/" + cy.id(), shop.owner().token()).status()).isEqualTo(204);
            JsonNode closed = cySocket.awaitEvent("invitation.closed");
            assertThat(closed.at("/event/data/outcome").asText()).isEqualTo("withdrawn");
        }
        assertThat(teamEntry(shop, cy)).isNull();
        assertThat(api.get("/api/v1/me/invitations", cy.token()).body().get("items")).isEmpty();
        assertThat(api.post("/api/v1/me/invitations/" + cys + "/accept", cy.token(), null).status()).isEqualTo(404);
        assertThat(api.get(shop.base() + "/inbox", cy.token()).status()).isEqualTo(404);
        assertThat(api.delete(shop.base() + "/agents/" + cy.id(), shop.owner().token()).status()).isEqualTo(404);
    }

    @Test
    void someoneElsesInvitationIsNotFound() {
        Shop shop = shops.shop("bola");
        Person dan = api.signUp("bola_dan" + (++n));
        Person eve = api.signUp("bola_eve" + n);
        String id = invite(shop, dan, "agent").expect(201).body().get("invitation_id").asText();
        for (String action : new String[] {"accept", "decline"}) {
            Api.Res unknown = api.post("/api/v1/me/invitations/" + UNKNOWN_INVITATION + "/" + action, eve.token(), null);
            Api.Res theirs = api.post("/api/v1/me/invitations/" + id + "/" + action, eve.token(), null);
            assertThat(theirs.status()).isEqualTo(404);
            assertThat(theirs.raw()).isEqualTo(unknown.raw());
        }
        assertThat(api.get("/api/v1/me/invitations", eve.token()).body().get("items")).isEmpty();
        assertThat(api.get(shop.base() + "/inbox", eve.token()).status()).isEqualTo(404);
        // Dan's invitation is untouched, and only the business's managers withdraw it.
        assertThat(api.get("/api/v1/me/invitations", dan.token()).body().get("items")).hasSize(1);
        Person agent = shops.agent(shop, "bola_agent" + n, "agent");
        assertThat(api.delete(shop.base() + "/agents/" + dan.id(), agent.token()).code()).isEqualTo("forbidden");
        assertThat(api.delete(shop.base() + "/agents/" + dan.id(), eve.token()).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/me/invitations/" + id + "/accept", dan.token(), null).status()).isEqualTo(200);
    }

    @Test
    void aPersonWhoBlockedTheBusinessOrLivesInAnotherNetworkCannotBeInvited() {
        Shop shop = shops.shop("net");
        Person fay = api.signUp("net_fay" + (++n));
        api.put("/api/v1/accounts/" + shop.id() + "/block", fay.token()).expect(200);
        Api.Res unknown = api.post(shop.base() + "/agents", shop.owner().token(),
                Map.of("account_id", "a-00000000000000000000", "role", "agent"));
        Api.Res blocked = invite(shop, fay, "agent");
        assertThat(blocked.status()).isEqualTo(404);
        assertThat(blocked.raw()).isEqualTo(unknown.raw());
        assertThat(api.get("/api/v1/me/invitations", fay.token()).body().get("items")).isEmpty();

        Person root = api.signUp("keeper_net" + n);
        new JdbcAccountStore(NODE.node().node().database(), Clock.systemUTC()).setAdmin(root.id(), true);
        String secret = api.post("/api/v1/admin/apps", root.token(), Map.of("name", "net" + n)).expect(201)
                .body().get("secret").asText();
        String appUser = api.call("PUT", "/api/v1/app/users/u" + n, secret, Map.of("display_name", "Gus"))
                .body().get("id").asText();
        Api.Res outside = api.post(shop.base() + "/agents", shop.owner().token(),
                Map.of("account_id", appUser, "role", "agent"));
        assertThat(outside.status()).isEqualTo(404);
        assertThat(outside.raw()).isEqualTo(unknown.raw());
    }
}
