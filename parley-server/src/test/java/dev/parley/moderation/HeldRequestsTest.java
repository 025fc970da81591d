package dev.parley.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.account.JdbcAccountStore;
import dev.parley.conversation.HeldRequests;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.NodeFixture;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Requests held for review (issue 19, point 4): once an account's requests are declined above the
 * daily rate, its new requests are answered as sent but reach no one until a moderator releases
 * them (into the recipients' requests) or drops them; the sender is told nothing of it.
 */
class HeldRequestsTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of("rate_limits", "on", "rate.signups_per_hour", "10000",
            "safety.new_account_requests_per_hour", "1000", "safety.declined_requests_per_day", "1"));
    static final Api api = NODE.api();
    static int n;

    private static Person person(String tag) {
        return api.signUp(tag + "h" + (++n));
    }

    private static Person moderator() {
        Person root = person("root");
        new JdbcAccountStore(NODE.node().node().database(), Clock.systemUTC()).setAdmin(root.id(), true);
        Person mod = person("mod");
        api.put("/api/v1/admin/moderators/" + mod.id(), root.token()).expect(204);
        return mod;
    }

    private static String open(Person from, Person to) {
        return api.post("/api/v1/conversations", from.token(), Map.of("member_ids", List.of(to.id()))).expect(201)
                .body().get("id").asText();
    }

    /** A sender one of whose requests was declined: its next ones are held. */
    private static Person declinedOnce() {
        Person sender = person("pushy");
        Person other = person("decliner");
        String c = open(sender, other);
        api.send(sender, c, "first hello to " + other.handle()).expect(201);
        api.post("/api/v1/conversations/" + c + "/decline", other.token(), Map.of()).expect(204);
        return sender;
    }

    private static JsonNode requests(Person p) {
        return api.get("/api/v1/conversations?folder=requests", p.token()).expect(200).body().get("items");
    }

    private static String sync(Person p) {
        return api.get("/api/v1/sync?since=0&limit=500", p.token()).expect(200).raw();
    }

    private static JsonNode heldOf(Person mod, Person sender) {
        for (JsonNode g : api.get("/api/v1/moderation/held", mod.token()).expect(200).body().get("items")) {
            if (g.at("/account/id").asText().equals(sender.id())) {
                return g;
            }
        }
        return null;
    }

    private static Api.Res act(Person mod, String action, Person sender) {
        return api.post("/api/v1/moderation/actions", mod.token(), Map.of("action", action,
                "target", Map.of("kind", "account", "id", sender.id()), "reason", "looked at the requests"));
    }

    @Test
    void heldRequestsReachNoOneUntilAModeratorReleasesThem() {
        Person mod = moderator();
        Person sender = declinedOnce();
        Person bea = person("bea");
        Person cy = person("cy");
        List<String> held = new ArrayList<>();
        for (Person to : List.of(bea, cy)) {
            String c = open(sender, to);
            held.add(c);
            api.send(sender, c, "heldgreeting for you").expect(201);
        }
        // The sender sees its requests as sent.
        assertThat(api.get("/api/v1/conversations/" + held.get(0) + "/messages", sender.token()).expect(200).raw())
                .contains("heldgreeting for you");
        // Their recipients see nothing: no request, no history, no search, nothing to sync.
        for (int i = 0; i < 2; i++) {
            Person to = i == 0 ? bea : cy;
            assertThat(requests(to)).isEmpty();
            assertThat(api.get("/api/v1/conversations/" + held.get(i) + "/messages", to.token()).status()).isEqualTo(404);
            assertThat(api.get("/api/v1/search/messages?q=heldgreeting", to.token()).expect(200).body().get("items"))
                    .isEmpty();
            assertThat(sync(to)).doesNotContain(held.get(i)).doesNotContain("heldgreeting");
        }
        // Only moderators see the held requests, grouped by sender.
        assertThat(api.get("/api/v1/moderation/held", bea.token()).status()).isEqualTo(404);
        JsonNode group = heldOf(mod, sender);
        assertThat(group).isNotNull();
        assertThat(group.get("count").asInt()).isEqualTo(2);
        assertThat(group.get("requests").toString()).contains("heldgreeting for you").contains(bea.id());

        act(mod, "release_requests", sender).expect(200);

        for (int i = 0; i < 2; i++) {
            Person to = i == 0 ? bea : cy;
            assertThat(requests(to)).hasSize(1);
            assertThat(api.get("/api/v1/conversations/" + held.get(i) + "/messages", to.token()).expect(200).raw())
                    .contains("heldgreeting for you");
            assertThat(sync(to)).contains("request.created").contains(held.get(i));
        }
        assertThat(heldOf(mod, sender)).isNull();
        assertThat(act(mod, "release_requests", sender).status()).isEqualTo(404); // nothing held any more
        String audit = api.get("/api/v1/moderation/audit", mod.token()).expect(200).raw();
        assertThat(audit).contains("release_requests").contains(sender.id());
        // The sender is told nothing of it.
        assertThat(api.get("/api/v1/me/moderation", sender.token()).expect(200).body().get("notices")).isEmpty();
    }

    @Test
    void droppedRequestsNeverReachTheirRecipient() {
        Person mod = moderator();
        Person sender = declinedOnce();
        Person dee = person("dee");
        String c = open(sender, dee);
        api.send(sender, c, "droppedgreeting").expect(201);

        act(mod, "drop_requests", sender).expect(200);

        assertThat(heldOf(mod, sender)).isNull();
        assertThat(requests(dee)).isEmpty();
        assertThat(api.get("/api/v1/conversations/" + c + "/messages", dee.token()).status()).isEqualTo(404);
        assertThat(sync(dee)).doesNotContain("droppedgreeting");
        assertThat(api.get("/api/v1/moderation/audit", mod.token()).expect(200).raw()).contains("drop_requests");
    }

    @Test
    void onceAsManyAreHeldAsMayWaitNewRequestsAreRefusedAsPaused() {
        Person sender = declinedOnce();
        for (int i = 0; i < HeldRequests.MAX_PER_SENDER; i++) {
            open(sender, person("t"));
        }
        Api.Res paused = api.post("/api/v1/conversations", sender.token(),
                Map.of("member_ids", List.of(person("t").id())));
        assertThat(paused.status()).isEqualTo(403);
        assertThat(paused.contentType()).startsWith("application/problem+json");
        assertThat(paused.code()).isEqualTo("requests_paused");
        assertThat(paused.http().headers().firstValue("Retry-After")).isPresent();
    }
}
