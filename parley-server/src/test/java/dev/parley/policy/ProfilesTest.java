package dev.parley.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.TestNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each rule profile refuses with its code, and {@code dm-permission} answers before sending with
 * the same code a send gets.
 */
class ProfilesTest {

    private static String business(Api api, Person owner, String handle) {
        return api.post("/api/v1/businesses", owner.token(), Map.of("handle", handle, "display_name", "Acme"))
                .expect(201).body().at("/business/id").asText();
    }

    private static JsonNode permission(Api api, Person from, String toId) {
        return api.get("/api/v1/accounts/" + toId + "/dm-permission", from.token()).expect(200).body();
    }

    private static Api.Res openRaw(Api api, Person from, String... ids) {
        return api.post("/api/v1/conversations", from.token(), Map.of("member_ids", List.of(ids)));
    }

    /** Creates cap + 1 members (the creator included): the cap fits, one more is refused. */
    private static void groupCap(Api api, int cap) {
        Person creator = api.signUp("creator");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < cap; i++) {
            Person p = api.signUp("member_" + i);
            api.setDmPolicy(p, "everyone");
            ids.add(p.id());
        }
        Api.Res full = openRaw(api, creator, ids.toArray(String[]::new));
        assertThat(full.status()).isEqualTo(422);
        assertThat(full.code()).isEqualTo("group_full");
        assertThat(full.body().get("detail").asText()).contains(String.valueOf(cap));
        Api.Res fits = openRaw(api, creator, ids.subList(0, cap - 1).toArray(String[]::new));
        assertThat(fits.status()).isEqualTo(201);
        assertThat(fits.body().get("members")).hasSize(cap);
        // Adding the one more to the full group is refused the same way.
        Api.Res add = api.post("/api/v1/conversations/" + fits.body().get("id").asText() + "/members", creator.token(),
                Map.of("account_ids", List.of(ids.get(cap - 1))));
        assertThat(add.code()).isEqualTo("group_full");
        assertThat(api.get("/api/v1/rules", null).body().get("group_max_members").asInt()).isEqualTo(cap);
    }

    @Test
    void defaultProfile() {
        try (TestNode node = TestNode.start()) {
            Api api = node.api;
            Person ann = api.signUp("ann");
            Person bob = api.signUp("bob");
            String acme = business(api, bob, "acme");

            // A business page must be liked first.
            assertThat(permission(api, ann, acme).get("code").asText()).isEqualTo("like_required");
            assertThat(openRaw(api, ann, acme).code()).isEqualTo("like_required");
            api.put("/api/v1/accounts/" + acme + "/like", ann.token()).expect(200);
            assertThat(permission(api, ann, acme).get("allowed").asBoolean()).isTrue();
            assertThat(openRaw(api, ann, acme).status()).isEqualTo(201);

            // Bob does not follow Ann: her message arrives as a request, and holds one message.
            JsonNode p = permission(api, ann, bob.id());
            assertThat(p.get("allowed").asBoolean()).isTrue();
            assertThat(p.get("lands_in").asText()).isEqualTo("requests");
            String dm = api.open(ann, bob);
            api.send(ann, dm, "hi bob").expect(201);
            assertThat(permission(api, ann, bob.id()).get("code").asText()).isEqualTo("request_pending");
            assertThat(api.send(ann, dm, "hello??").code()).isEqualTo("request_pending");
            JsonNode requests = api.get("/api/v1/conversations?folder=requests", bob.token()).body();
            assertThat(requests.at("/items/0/id").asText()).isEqualTo(dm);
            api.post("/api/v1/conversations/" + dm + "/accept", bob.token(), null).expect(200);
            assertThat(api.send(ann, dm, "thanks for accepting").status()).isEqualTo(201);

            // Blocks refuse both ways, with the same code.
            Person cat = api.signUp("cat");
            api.setDmPolicy(cat, "everyone");
            api.put("/api/v1/accounts/" + ann.id() + "/block", cat.token()).expect(200);
            assertThat(openRaw(api, cat, ann.id()).code()).isEqualTo("blocked");
            assertThat(api.get("/api/v1/accounts/" + ann.id() + "/dm-permission", cat.token()).body().get("code").asText())
                    .isEqualTo("blocked");
            // The one blocked learns nothing: opening a conversation with cat answers as for an account that never was.
            String nobody = cat.id().substring(0, cat.id().length() - 4) + "zzzz";
            Api.Res hidden = openRaw(api, ann, cat.id());
            Api.Res unknown = openRaw(api, ann, nobody);
            assertThat(hidden.status()).isEqualTo(404);
            assertThat(hidden.raw().replace(cat.id(), "ID")).isEqualTo(unknown.raw().replace(nobody, "ID"));

            // dm_policy nobody closes DMs.
            Person dan = api.signUp("dan");
            api.setDmPolicy(dan, "nobody");
            assertThat(permission(api, ann, dan.id()).get("code").asText()).isEqualTo("dms_closed");
            Api.Res closed = openRaw(api, ann, dan.id());
            assertThat(closed.status()).isEqualTo(403);
            assertThat(closed.code()).isEqualTo("dms_closed");

            groupCap(api, 50);
        }
    }

    @Test
    void xProfileRefusesNonFollowersInsteadOfRequests() {
        try (TestNode node = TestNode.start(Map.of("profile", "x"))) {
            Api api = node.api;
            Person ann = api.signUp("ann");
            Person bob = api.signUp("bob");
            assertThat(permission(api, ann, bob.id()).get("code").asText()).isEqualTo("not_followed");
            Api.Res refused = openRaw(api, ann, bob.id());
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.code()).isEqualTo("not_followed");
            assertThat(refused.body().get("detail").asText()).contains("@bob");
            api.follow(bob, ann);
            assertThat(permission(api, ann, bob.id()).get("lands_in").asText()).isEqualTo("inbox");
            api.setDmPolicy(bob, "everyone");
            Person cat = api.signUp("cat");
            assertThat(openRaw(api, cat, bob.id()).status()).isEqualTo(201);
            // No like needed for businesses on x.
            String acme = business(api, bob, "acme");
            assertThat(openRaw(api, ann, acme).status()).isEqualTo(201);
            groupCap(api, 50);
        }
    }

    @Test
    void instagramProfile() {
        try (TestNode node = TestNode.start(Map.of("profile", "instagram"))) {
            Api api = node.api;
            Person ann = api.signUp("ann");
            Person bob = api.signUp("bob");
            String dm = api.open(ann, bob);
            assertThat(api.send(ann, dm, "hey").status()).isEqualTo(201);
            Api.Res second = api.send(ann, dm, "hey again");
            assertThat(second.status()).isEqualTo(403);
            assertThat(second.code()).isEqualTo("request_pending");
            // Bob replying accepts the request.
            assertThat(api.send(bob, dm, "hi ann").status()).isEqualTo(201);
            assertThat(api.send(ann, dm, "yay").status()).isEqualTo(201);
            groupCap(api, 15);
        }
    }

    @Test
    void facebookProfile() {
        try (TestNode node = TestNode.start(Map.of("profile", "facebook"))) {
            Api api = node.api;
            Person ann = api.signUp("ann");
            Person bob = api.signUp("bob");
            String page = business(api, bob, "shop");
            assertThat(openRaw(api, ann, page).code()).isEqualTo("like_required");
            groupCap(api, 250);
        }
    }

    @Test
    void profileValuesCanBeOverriddenOneByOne() {
        try (TestNode node = TestNode.start(Map.of("profile", "instagram", "rules.group_max_members", "3",
                "rules.edit_window", "1h"))) {
            JsonNode rules = node.api.get("/api/v1/rules", null).body();
            assertThat(rules.get("profile").asText()).isEqualTo("instagram");
            assertThat(rules.get("group_max_members").asInt()).isEqualTo(3);
            assertThat(rules.get("edit_window_seconds").asLong()).isEqualTo(3600);
            assertThat(rules.get("message_requests").asBoolean()).isTrue();
        }
    }
}
