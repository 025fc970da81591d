package dev.parley.datarights;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Api.Res;
import dev.parley.testing.NodeFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * After an erasure nothing identifies the account: others' stored events no longer carry its name
 * or handle, its reactions are gone, and looking it up or acting on it answers as for an account
 * that never existed.
 */
class ErasedAccountTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static final Api api = NODE.api();

    /** Signs up a person with a display name of their own (not derived from the handle). */
    static Person person(String handle, String displayName) {
        Res r = api.post("/api/v1/accounts", null, Map.of("handle", handle, "password", "correct horse battery",
                "display_name", displayName)).expect(201);
        return new Person(r.body().at("/account/id").asText(), handle, r.body().get("token").asText());
    }

    static void erase(Person p) {
        String admin = ErasureTest.adminOf(NODE.node());
        String id = api.call("DELETE", "/api/v1/me", p.token(), Map.of("password", "correct horse battery"))
                .expect(202).body().get("id").asText();
        ErasureTest.awaitDone(NODE.node(), admin, id);
    }

    static Map<String, Object> reportOf(String id) {
        return Map.of("target", Map.of("kind", "account", "id", id), "category", "spam");
    }

    @Test
    void othersStoredEventsNoLongerCarryTheErasedNameOrHandleAndItsReactionsGo() {
        String s = ErasureTest.suffix();
        Person erin = person("erin_" + s, "Quillon Realname");
        Person bob = person("bob_" + s, "Bob");
        Person cat = person("cat_" + s, "Cat");
        ErasureTest.friends(api, erin, bob, cat);
        String group = api.open(erin, bob, cat);
        String dm = api.open(bob, erin);
        String news = api.send(bob, group, "bob's news").expect(201).body().get("id").asText();
        api.send(bob, dm, "hi erin").expect(201);
        api.put("/api/v1/messages/" + news + "/reactions/%F0%9F%8E%89", erin.token()).expect(200);
        assertThat(api.get("/api/v1/messages/" + news + "/reactions", cat.token()).expect(200).raw())
                .contains(erin.id());
        assertThat(ErasureTest.syncFromStart(api, bob.token()).toString()).contains("Quillon Realname");

        erase(erin);

        for (Person partner : List.of(bob, cat)) {
            String events = ErasureTest.syncFromStart(api, partner.token()).toString();
            assertThat(events).doesNotContain("Quillon").doesNotContain("erin_" + s);
            assertThat(api.get("/api/v1/conversations", partner.token()).expect(200).raw())
                    .doesNotContain("Quillon").doesNotContain("erin_" + s);
        }
        // Its reaction is gone from the message, the list of reactors and the count.
        assertThat(api.get("/api/v1/messages/" + news + "/reactions", cat.token()).expect(200).raw())
                .doesNotContain(erin.id());
        JsonNode message = api.get("/api/v1/messages/" + news, cat.token()).expect(200).body();
        assertThat(message.get("reactions").size()).isZero();
    }

    @Test
    void theErasedAccountIsAnUnknownAccountToLookUpFollowBlockMessageOrReport() {
        String s = ErasureTest.suffix();
        Person zoe = person("zoe_" + s, "Zoe Fullname");
        Person cat = person("cat_" + s, "Cat");
        assertThat(api.get("/api/v1/accounts/@zoe_" + s, cat.token()).status()).isEqualTo(200);
        erase(zoe);

        Res unknownHandle = api.get("/api/v1/accounts/@nobody_" + s, cat.token());
        Res unknownId = api.get("/api/v1/accounts/a-nobody" + s, cat.token());
        assertThat(unknownHandle.status()).isEqualTo(404);
        assertThat(unknownId.raw()).isEqualTo(unknownHandle.raw());
        assertThat(api.get("/api/v1/accounts/@zoe_" + s, cat.token()).raw()).isEqualTo(unknownHandle.raw());
        assertThat(api.get("/api/v1/accounts/" + zoe.id(), cat.token()).raw()).isEqualTo(unknownId.raw());
        for (String edge : List.of("follow", "block", "like")) {
            Res put = api.put("/api/v1/accounts/" + zoe.id() + "/" + edge, cat.token());
            Res unknown = api.put("/api/v1/accounts/a-nobody" + s + "/" + edge, cat.token());
            assertThat(put.status()).as(edge).isEqualTo(404);
            assertThat(put.raw()).as(edge).isEqualTo(unknown.raw());
        }
        Res permission = api.get("/api/v1/accounts/" + zoe.id() + "/dm-permission", cat.token());
        assertThat(permission.status()).isEqualTo(404);
        assertThat(permission.raw())
                .isEqualTo(api.get("/api/v1/accounts/a-nobody" + s + "/dm-permission", cat.token()).raw());
        Res report = api.post("/api/v1/reports", cat.token(), reportOf(zoe.id()));
        assertThat(report.status()).isEqualTo(404);
        assertThat(report.raw()).isEqualTo(api.post("/api/v1/reports", cat.token(), reportOf("a-nobody" + s)).raw());
        // Moderators cannot act on it either: a lift would have made the tombstone an account again.
        Person mod = person("keeper_" + s, "Keeper");
        new dev.parley.account.JdbcAccountStore(NODE.node().node().database(), java.time.Clock.systemUTC())
                .setAdmin(mod.id(), true);
        Res lift = api.post("/api/v1/moderation/actions", mod.token(), Map.of("action", "lift",
                "target", Map.of("kind", "account", "id", zoe.id()), "reason", "x"));
        assertThat(lift.status()).isEqualTo(404);
        assertThat(api.get("/api/v1/accounts/" + zoe.id(), cat.token()).raw()).isEqualTo(unknownId.raw());
        // Nothing was written on the way: the erased account has no followers.
        assertThat(api.get("/api/v1/me/blocks", cat.token()).expect(200).body().get("items")).isEmpty();
    }
}
