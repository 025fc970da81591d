package dev.parley.business;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.business.Shops.Shop;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.NodeFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every business inbox route, called by someone who is not the business's agent (a stranger, or
 * the very customer of the conversation), answers 404 with exactly the body an unknown business
 * id gets: the business's inbox, team, notes and replies do not exist for them. And an agent
 * reaching through their own business for another business's conversation or reply gets what an
 * unknown id gets.
 */
class BusinessPrivacyTest {
    static final String UNKNOWN_BUSINESS = "a-00000000000000000000";
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of("inbox.triage", "off"));
    static final Api api = NODE.api();
    static final Shops shops = new Shops(api);

    /** One call of a route, for any business id. */
    record Call(String method, String path, Object body) {
        Api.Res as(String business, Person who) {
            return api.call(method, "/api/v1/businesses/" + business + path, who.token(), body);
        }
    }

    static List<Call> routes(String c, String reply, Person someone) {
        List<Call> calls = new ArrayList<>();
        calls.add(new Call("GET", "/agents", null));
        calls.add(new Call("POST", "/agents", Map.of("account_id", someone.id(), "role", "agent")));
        calls.add(new Call("DELETE", "/agents/" + someone.id(), null));
        calls.add(new Call("GET", "/inbox", null));
        calls.add(new Call("GET", "/inbox/" + c, null));
        calls.add(new Call("GET", "/inbox/settings", null));
        calls.add(new Call("PUT", "/inbox/settings", Map.of("agent_cap", 3)));
        calls.add(new Call("PUT", "/conversations/" + c + "/status", Map.of("status", "resolved")));
        calls.add(new Call("PUT", "/conversations/" + c + "/assignee", Map.of("assignee_id", someone.id())));
        calls.add(new Call("PUT", "/conversations/" + c + "/labels", Map.of("labels", List.of("vip"))));
        calls.add(new Call("POST", "/conversations/" + c + "/notes", Map.of("text", "psst")));
        calls.add(new Call("GET", "/conversations/" + c + "/notes", null));
        calls.add(new Call("POST", "/conversations/" + c + "/messages", Map.of("client_id", "x1", "saved_reply_id", reply)));
        calls.add(new Call("POST", "/saved-replies", Map.of("shortcut", "s", "title", "t", "body", "b")));
        calls.add(new Call("GET", "/saved-replies", null));
        calls.add(new Call("GET", "/saved-replies/" + reply, null));
        calls.add(new Call("PATCH", "/saved-replies/" + reply, Map.of("title", "t2")));
        calls.add(new Call("DELETE", "/saved-replies/" + reply, null));
        calls.add(new Call("GET", "/saved-replies/" + reply + "/preview?conversation_id=" + c, null));
        return calls;
    }

    @Test
    void strangersAndCustomersGetWhatAnUnknownBusinessGets() {
        Shop shop = shops.shop("priv");
        Person stranger = api.signUp("priv_stranger");
        Person customer = api.signUp("priv_customer");
        String c = shops.customerConversation(shop, customer);
        api.send(customer, c, "Hello").expect(201);
        String reply = api.post(shop.base() + "/saved-replies", shop.owner().token(),
                Map.of("shortcut", "hi", "title", "Hi", "body", "Hi!")).expect(201).body().get("id").asText();
        for (Call call : routes(c, reply, stranger)) {
            for (Person outsider : List.of(stranger, customer)) {
                Api.Res unknown = call.as(UNKNOWN_BUSINESS, outsider);
                Api.Res real = call.as(shop.id(), outsider);
                assertThat(real.status()).as(call + " by " + outsider.handle()).isEqualTo(404);
                assertThat(real.raw()).as(call + " by " + outsider.handle()).isEqualTo(unknown.raw());
            }
        }
        // Nothing they tried changed anything.
        assertThat(api.get(shop.base() + "/saved-replies/" + reply, shop.owner().token()).body().get("title").asText())
                .isEqualTo("Hi");
        assertThat(api.get(shop.base() + "/conversations/" + c + "/notes", shop.owner().token()).body().get("items"))
                .isEmpty();
        assertThat(api.get(shop.base() + "/agents", shop.owner().token()).body().get("items")).hasSize(1);
    }

    @Test
    void anAgentCannotReachAnotherBusinessesConversationsOrReplies() {
        Shop mine = shops.shop("mine");
        Shop theirs = shops.shop("theirs");
        Person customer = api.signUp("priv_cust2");
        String theirConversation = shops.customerConversation(theirs, customer);
        api.send(customer, theirConversation, "Hello").expect(201);
        String theirReply = api.post(theirs.base() + "/saved-replies", theirs.owner().token(),
                Map.of("shortcut", "hi", "title", "Hi", "body", "Hi!")).expect(201).body().get("id").asText();
        String myReply = api.post(mine.base() + "/saved-replies", mine.owner().token(),
                Map.of("shortcut", "hi", "title", "Hi", "body", "Hi!")).expect(201).body().get("id").asText();
        Person me = mine.owner();
        String unknownConversation = "c-00000000000000000000";
        for (String path : List.of("/inbox/%s", "/conversations/%s/notes")) {
            Api.Res unknown = api.get(mine.base() + path.formatted(unknownConversation), me.token());
            Api.Res other = api.get(mine.base() + path.formatted(theirConversation), me.token());
            assertThat(other.status()).isEqualTo(404);
            assertThat(other.raw()).isEqualTo(unknown.raw());
        }
        for (String verb : List.of("status", "labels", "assignee")) {
            Object body = switch (verb) {
                case "status" -> Map.of("status", "resolved");
                case "labels" -> Map.of("labels", List.of());
                default -> Map.of("assignee_id", me.id());
            };
            Api.Res unknown = api.call("PUT", mine.base() + "/conversations/" + unknownConversation + "/" + verb, me.token(), body);
            Api.Res other = api.call("PUT", mine.base() + "/conversations/" + theirConversation + "/" + verb, me.token(), body);
            assertThat(other.status()).isEqualTo(404);
            assertThat(other.raw()).isEqualTo(unknown.raw());
        }
        Api.Res unknownReply = api.get(mine.base() + "/saved-replies/r-00000000000000000000", me.token());
        Api.Res otherReply = api.get(mine.base() + "/saved-replies/" + theirReply, me.token());
        assertThat(otherReply.status()).isEqualTo(404);
        assertThat(otherReply.raw()).isEqualTo(unknownReply.raw());
        // My reply, their conversation: the conversation is not found, as an unknown one.
        Api.Res unknownPreview = api.get(mine.base() + "/saved-replies/" + myReply + "/preview?conversation_id="
                + unknownConversation, me.token());
        Api.Res otherPreview = api.get(mine.base() + "/saved-replies/" + myReply + "/preview?conversation_id="
                + theirConversation, me.token());
        assertThat(otherPreview.status()).isEqualTo(404);
        assertThat(otherPreview.raw()).isEqualTo(unknownPreview.raw());
    }
}
