package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.account.JdbcAccountStore;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Res;
import dev.parley.media.Media;
import dev.parley.media.Samples;
import dev.parley.testing.Socket;
import dev.parley.testing.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A small host app embeds Parley: it provisions its users by its own ids, mints their client
 * tokens, feeds its graph, and its users live in a network of their own.
 */
class HostAppTest {
    static TestNode node;
    static Api api;
    static String admin;

    @BeforeAll
    static void start() {
        node = TestNode.start();
        api = node.api;
        Api.Person root = api.signUp("keeper_host");
        new JdbcAccountStore(node.node().database(), Clock.systemUTC()).setAdmin(root.id(), true);
        admin = root.token();
        api.get("/api/v1/me", admin).expect(200);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static String createApp(String name) {
        Res r = api.post("/api/v1/admin/apps", admin, Map.of("name", name)).expect(201);
        assertThat(r.body().get("secret").asText()).startsWith("psk_");
        return r.body().get("secret").asText();
    }

    static Res asApp(String method, String path, String secret, Object body) {
        return api.call(method, path, secret, body == null ? null : body);
    }

    static String provision(String secret, String externalId, String name) {
        Res r = asApp("PUT", "/api/v1/app/users/" + externalId, secret, Map.of("display_name", name));
        assertThat(r.status()).isIn(200, 201);
        return r.body().get("id").asText();
    }

    static String mint(String secret, String externalId) {
        return asApp("POST", "/api/v1/app/users/" + externalId + "/tokens", secret, Map.of("ttl_seconds", 600))
                .expect(201).body().get("token").asText();
    }

    /** Acting as a user with the app's secret and X-Parley-User, as an app's backend does. */
    static Res actingAs(String secret, String externalId, String method, String path, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base() + path))
                .header("Authorization", "Bearer " + secret).header("X-Parley-User", externalId)
                .header("Content-Type", "application/json");
        String payload = body == null ? "" : Api.JSON.writeValueAsString(body);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(payload));
        HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode parsed = r.body().isEmpty() ? null : Api.JSON.readTree(r.body());
        return new Res(r.statusCode(), parsed, r.body(), r);
    }

    @Test
    void usersAreUpsertedByTheAppsIdAndABatchIsAllOrNothing() {
        String secret = createApp("photos");
        Res created = asApp("PUT", "/api/v1/app/users/u:1001", secret,
                Map.of("display_name", "Zoë Lambert", "first_name", "Zoë", "avatar_url", "https://cdn.example/z.png"));
        created.expect(201);
        assertThat(created.body().get("external_id").asText()).isEqualTo("u:1001");
        assertThat(created.body().get("handle").asText()).startsWith("zoe_lambert");
        assertThat(created.contentType()).contains("json");
        // The same id again updates the same account.
        Res updated = asApp("PUT", "/api/v1/app/users/u:1001", secret, Map.of("display_name", "Zoë L."));
        updated.expect(200);
        assertThat(updated.body().get("id").asText()).isEqualTo(created.body().get("id").asText());
        assertThat(updated.body().get("first_name").asText()).isEqualTo("Zoë");

        Res badId = asApp("PUT", "/api/v1/app/users/has%20space", secret, Map.of("display_name", "X"));
        assertThat(badId.status()).isEqualTo(422);
        // A body naming another user than the path is a mistake, not an upsert of the path's user.
        Res mismatch = asApp("PUT", "/api/v1/app/users/u:1002", secret, Map.of("external_id", "u:1099", "display_name", "Y"));
        assertThat(mismatch.status()).isEqualTo(422);
        assertThat(mismatch.code()).isEqualTo("validation_failed");
        assertThat(asApp("GET", "/api/v1/app/users/u:1002", secret, null).status()).isEqualTo(404);
        asApp("PUT", "/api/v1/app/users/u:1001", secret, Map.of("external_id", "u:1001")).expect(200); // the same id is fine
        assertThat(badId.contentType()).contains("application/problem+json");
        // ".." could be stored through a batch but never named in a path again.
        Res dots = asApp("POST", "/api/v1/app/users/batch", secret,
                Map.of("users", List.of(Map.of("external_id", "..", "display_name", "Dots"))));
        assertThat(dots.status()).isEqualTo(422);
        assertThat(dots.body().get("detail").asText()).contains("external_id");
        // A field's mistake names the field the app sent.
        Res longName = asApp("PUT", "/api/v1/app/users/u:1002", secret,
                Map.of("display_name", "Long", "first_name", "x".repeat(33)));
        assertThat(longName.status()).isEqualTo(422);
        assertThat(longName.body().get("detail").asText()).contains("first_name").doesNotContain("preferred_name");
        // A display name over its limit is refused, naming the limit, never cut: here, at sign-up and in a profile's PATCH.
        String over = "N".repeat(65);
        Res longDisplay = asApp("PUT", "/api/v1/app/users/u:1002", secret, Map.of("display_name", over));
        assertThat(longDisplay.status()).isEqualTo(422);
        assertThat(longDisplay.body().get("detail").asText()).contains("display_name").contains("64");
        Res signUp = api.post("/api/v1/accounts", null, Map.of("handle", "longname_su", "password", "correct horse battery",
                "display_name", over));
        assertThat(signUp.status()).isEqualTo(422);
        assertThat(signUp.body().get("detail").asText()).contains("display_name").contains("64");
        Api.Person named = api.signUp("longname_pa");
        Res patched = api.patch("/api/v1/me", named.token(), Map.of("display_name", over));
        assertThat(patched.status()).isEqualTo(422);
        assertThat(patched.body().get("detail").asText()).contains("64");
        assertThat(api.get("/api/v1/me", named.token()).expect(200).body().toString()).doesNotContain("NNNN");
        for (String notAPicture : List.of("https:///x", "https://user:pw@cdn.example/a.png", "http://has space/a.png")) {
            Res badAvatar = asApp("PUT", "/api/v1/app/users/u:1002", secret,
                    Map.of("display_name", "Pic", "avatar_url", notAPicture));
            assertThat(badAvatar.status()).as(notAPicture).isEqualTo(422);
            assertThat(badAvatar.body().get("detail").asText()).contains("avatar_url");
        }
        asApp("GET", "/api/v1/app/users/u:1002", secret, null).expect(404);

        // One handle taken in the app's network refuses the whole batch and names its index;
        // nothing of it is stored. (A handle taken only in another network is free: HandlesPerNetworkTest.)
        asApp("PUT", "/api/v1/app/users/u:1999", secret, Map.of("display_name", "Bob", "handle", "bob_taken")).expect(201);
        List<Map<String, Object>> users = new ArrayList<>();
        users.add(Map.of("external_id", "u:2001", "display_name", "Ann"));
        users.add(Map.of("external_id", "u:2002", "display_name", "Bob", "handle", "bob_taken"));
        Res refused = asApp("POST", "/api/v1/app/users/batch", secret, Map.of("users", users));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("index").asInt()).isEqualTo(1);
        assertThat(refused.body().get("detail").asText()).contains("users[1]");
        asApp("GET", "/api/v1/app/users/u:2001", secret, null).expect(404);

        users.set(1, Map.of("external_id", "u:2002", "display_name", "Bob"));
        Res batch = asApp("POST", "/api/v1/app/users/batch", secret, Map.of("users", users)).expect(200);
        assertThat(batch.body().get("users")).hasSize(2);
        asApp("GET", "/api/v1/app/users/u:2001", secret, null).expect(200);

        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            tooMany.add(Map.of("external_id", "many" + i, "display_name", "M" + i));
        }
        assertThat(asApp("POST", "/api/v1/app/users/batch", secret, Map.of("users", tooMany)).status()).isEqualTo(422);
    }

    /**
     * The picture an app provisions a user with is their avatar wherever Parley shows one (their
     * own /me, their profile, people search) until they upload one of their own; a blank address
     * takes it away again.
     */
    @Test
    void theAvatarAnAppProvisionsShowsUntilTheUserUploadsTheirOwn() throws Exception {
        String secret = createApp("avatars");
        String photo = "https://cdn.example/lena.png";
        String lena = asApp("PUT", "/api/v1/app/users/av:1", secret,
                Map.of("display_name", "Lena Okafor", "avatar_url", photo)).expect(201).body().get("id").asText();
        provision(secret, "av:2", "Omar");
        String omar = mint(secret, "av:2");
        String lenas = mint(secret, "av:1");
        assertThat(api.get("/api/v1/me", lenas).expect(200).body().get("avatar_url").asText()).isEqualTo(photo);
        assertThat(api.get("/api/v1/accounts/" + lena, omar).expect(200).body().get("avatar_url").asText()).isEqualTo(photo);
        JsonNode found = api.get("/api/v1/accounts?q=lena", omar).expect(200).body().get("items");
        assertThat(found).anySatisfy(p -> {
            assertThat(p.get("id").asText()).isEqualTo(lena);
            assertThat(p.get("avatar_url").asText()).isEqualTo(photo);
        });

        // Her own upload wins; removing it shows the app's picture again.
        String image = new Media(api).upload(lenas, "me.png", Samples.png(32, 32), "image/png").expect(201).id();
        api.call("PUT", "/api/v1/me/avatar", lenas, Map.of("upload_id", image)).expect(200);
        assertThat(api.get("/api/v1/accounts/" + lena, omar).body().get("avatar_url").asText()).contains("sig=");
        api.delete("/api/v1/me/avatar", lenas).expect(200);
        assertThat(api.get("/api/v1/accounts/" + lena, omar).body().get("avatar_url").asText()).isEqualTo(photo);

        asApp("PUT", "/api/v1/app/users/av:1", secret, Map.of("avatar_url", "")).expect(200);
        assertThat(api.get("/api/v1/accounts/" + lena, omar).body().get("avatar_url").isNull()).isTrue();
    }

    /**
     * The app renames a user (and changes their picture): the open clients of those they talk with hear a
     * {@code profile} frame and fetch the new name; re-sending the same profile (a full re-sync) tells nobody.
     */
    @Test
    void aRenameByTheAppReachesOpenClientsOfTheUsersContacts() {
        String secret = createApp("renames");
        String nia = provision(secret, "rn:1", "Nia");
        String ola = provision(secret, "rn:2", "Ola");
        asApp("PUT", "/api/v1/app/graph/follows", secret, Map.of("edges", java.util.List.of(
                Map.of("from", "rn:1", "to", "rn:2"), Map.of("from", "rn:2", "to", "rn:1")))).expect(200);
        String nias = mint(secret, "rn:1");
        String olas = mint(secret, "rn:2");
        String dm = api.post("/api/v1/conversations", nias, Map.of("member_ids", java.util.List.of(ola))).body().get("id").asText();
        api.post("/api/v1/conversations/" + dm + "/messages", nias, Map.of("client_id", "rn-1", "text", "hi")).expect(201);
        java.util.function.Predicate<JsonNode> told = f -> "profile".equals(f.path("type").asText())
                && nia.equals(f.path("account_id").asText());
        try (Socket s = Socket.open(node, olas)) {
            asApp("PUT", "/api/v1/app/users/rn:1", secret, Map.of("display_name", "Nia")).expect(200); // the same: no news
            asApp("PUT", "/api/v1/app/users/rn:1", secret, Map.of("display_name", "Nia Adeyemi")).expect(200);
            s.await(told);
            assertThat(s.received().stream().filter(told).count()).isEqualTo(1);
            asApp("POST", "/api/v1/app/users/batch", secret, Map.of("users", java.util.List.of(
                    Map.of("external_id", "rn:1", "display_name", "Nia Adeyemi", "avatar_url", "https://cdn.example/nia.png"))))
                    .expect(200);
            s.await(f -> told.test(f) && s.received().stream().filter(told).count() == 2);
            assertThat(api.get("/api/v1/accounts/" + nia, olas).expect(200).body().get("display_name").asText())
                    .isEqualTo("Nia Adeyemi");
        }
    }

    /**
     * A socket lives no longer than its credential: a minted token's socket closes with 4440 at
     * its expiry (the client asks its app for a fresh token), and deactivating a user closes their
     * sockets at once with 4401 (do not reconnect), through the one revocation path.
     */
    @Test
    void socketsEndWithTheTokenOrTheUser() {
        String secret = createApp("sockets");
        provision(secret, "sam", "Sam");
        String brief = asApp("POST", "/api/v1/app/users/sam/tokens", secret, Map.of("ttl_seconds", 2))
                .expect(201).body().get("token").asText();
        try (Socket s = Socket.open(node, brief)) {
            assertThat(s.awaitClose(Duration.ofSeconds(6))).isEqualTo(4440);
        }
        try (Socket s = Socket.open(node, mint(secret, "sam"))) {
            asApp("POST", "/api/v1/app/users/sam/deactivate", secret, null).expect(200);
            assertThat(s.awaitClose(Duration.ofSeconds(2))).isEqualTo(4401);
        }
        // Reactivated, Sam's new token opens a stream that stays: the deactivation, remembered a
        // minute for sockets that were opening as it came, must not close a socket opened after it
        // (4401 tells the client to sign in again, which would only get it closed again).
        asApp("POST", "/api/v1/app/users/sam/reactivate", secret, null).expect(200);
        try (Socket s = Socket.open(node, mint(secret, "sam"))) {
            sleep(1_500);
            assertThat(s.isClosed()).as("a socket opened after the reactivation").isFalse();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void mintedTokensSignUsersInUntilRevokedOrDeactivated() throws Exception {
        String secret = createApp("tokens");
        String id = provision(secret, "alice", "Alice");
        String token = mint(secret, "alice");
        assertThat(api.get("/api/v1/me", token).expect(200).body().get("id").asText()).isEqualTo(id);
        assertThat(asApp("POST", "/api/v1/app/users/alice/tokens", secret, Map.of("ttl_seconds", 90_000)).status())
                .isEqualTo(422);
        // A token ends by itself at its expiry, even one the node has just cached.
        String brief = asApp("POST", "/api/v1/app/users/alice/tokens", secret, Map.of("ttl_seconds", 1))
                .expect(201).body().get("token").asText();
        api.get("/api/v1/me", brief).expect(200);
        Thread.sleep(1_100);
        assertThat(api.get("/api/v1/me", brief).status()).isEqualTo(401);

        // Revoke-before for the user ends the token at once; a token minted after works.
        asApp("POST", "/api/v1/app/users/alice/revoke-tokens", secret, Map.of()).expect(200);
        assertThat(api.get("/api/v1/me", token).status()).isEqualTo(401);
        String second = mint(secret, "alice");
        api.get("/api/v1/me", second).expect(200);
        // ... and for the whole app.
        asApp("POST", "/api/v1/app/revoke-tokens", secret, Map.of()).expect(200);
        assertThat(api.get("/api/v1/me", second).status()).isEqualTo(401);

        // Deactivation ends the session at once, and no new token is minted until reactivation.
        String third = mint(secret, "alice");
        api.get("/api/v1/me", third).expect(200);
        asApp("POST", "/api/v1/app/users/alice/deactivate", secret, null).expect(200);
        assertThat(api.get("/api/v1/me", third).status()).isEqualTo(401);
        assertThat(actingAs(secret, "alice", "GET", "/api/v1/me", null).status()).isEqualTo(401);
        assertThat(asApp("POST", "/api/v1/app/users/alice/tokens", secret, Map.of()).status()).isEqualTo(403);
        asApp("POST", "/api/v1/app/users/alice/reactivate", secret, null).expect(200);
        api.get("/api/v1/me", mint(secret, "alice")).expect(200);
    }

    @Test
    void theJavaSdkTakesATokenProviderAndAsksItForEachCall() {
        String secret = createApp("sdk");
        String id = provision(secret, "sam", "Sam");
        java.util.concurrent.atomic.AtomicReference<String> current = new java.util.concurrent.atomic.AtomicReference<>(mint(secret, "sam"));
        dev.parley.client.ParleyClient client = dev.parley.client.ParleyClient.builder(URI.create(api.base()))
                .tokenProvider(current::get).build();
        assertThat(client.me().id()).isEqualTo(id);
        // The app revokes the token and its provider hands out a fresh one: the same client goes on.
        asApp("POST", "/api/v1/app/users/sam/revoke-tokens", secret, Map.of()).expect(200);
        current.set(mint(secret, "sam"));
        assertThat(client.me().id()).isEqualTo(id);
    }

    @Test
    void appRoutesTakeOnlyTheSecretAndUserRoutesNeedANamedUser() throws Exception {
        String secret = createApp("guards");
        provision(secret, "carol", "Carol");
        String userToken = mint(secret, "carol");
        Res byUser = asApp("PUT", "/api/v1/app/users/dave", userToken, Map.of("display_name", "Dave"));
        assertThat(byUser.status()).isEqualTo(401);
        assertThat(byUser.contentType()).contains("application/problem+json");
        assertThat(asApp("PUT", "/api/v1/app/users/dave", null, Map.of("display_name", "Dave")).status()).isEqualTo(401);

        // The app holds a good secret, so it hears what else is wrong: no user named, or one it never made.
        Res bare = api.get("/api/v1/me", secret);
        assertThat(bare.status()).isEqualTo(401);
        assertThat(bare.contentType()).contains("application/problem+json");
        assertThat(bare.body().get("code").asText()).isEqualTo("acting_user_required");
        Res unknown = actingAs(secret, "nobody-here", "GET", "/api/v1/me", null);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.body().get("code").asText()).isEqualTo("unknown_app_user");
        // A wrong secret learns nothing about users, named or not.
        Res wrong = actingAs("psk_not_a_secret", "carol", "GET", "/api/v1/me", null);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body().get("code").asText()).isEqualTo("unauthorized");
        assertThat(actingAs(secret, "carol", "GET", "/api/v1/me", null).expect(200).body().get("display_name").asText())
                .isEqualTo("Carol");

        // Only an administrator creates apps.
        assertThat(api.post("/api/v1/admin/apps", userToken, Map.of("name", "x")).status()).isEqualTo(403);

        // A rotated secret: the new one works, the old one for the grace period (none here).
        Res rotated = api.post("/api/v1/admin/apps/guards/rotate", admin, Map.of("grace_seconds", 0)).expect(200);
        String fresh = rotated.body().get("secret").asText();
        assertThat(asApp("GET", "/api/v1/app/users/carol", secret, null).status()).isIn(200, 401);
        asApp("GET", "/api/v1/app/users/carol", fresh, null).expect(200);
        api.post("/api/v1/admin/apps/guards/revoke", admin, null).expect(204);
        assertThat(asApp("GET", "/api/v1/app/users/carol", fresh, null).status()).isEqualTo(401);
    }

    @Test
    void eachAppIsANetworkOfItsOwn() throws Exception {
        String one = createApp("net-one");
        String two = createApp("net-two");
        String aliceId = provision(one, "alice", "Alice");
        String bobId = provision(one, "bob", "Bob");
        String otherId = provision(two, "alice", "Other Alice");
        Api.Person local = api.signUp("local_pat");
        String alice = mint(one, "alice");

        // Within the app: found; across apps and to or from password accounts: 404 as for an unknown id.
        api.get("/api/v1/accounts/" + bobId, alice).expect(200);
        for (String stranger : List.of(otherId, local.id(), "@" + local.handle())) {
            Res r = api.get("/api/v1/accounts/" + stranger, alice);
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.code()).isEqualTo("not_found");
        }
        assertThat(api.get("/api/v1/accounts/" + aliceId, local.token()).status()).isEqualTo(404);
        assertThat(api.call("PUT", "/api/v1/accounts/" + aliceId + "/follow", local.token(), null).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/conversations", alice, Map.of("member_ids", List.of(otherId))).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/conversations", local.token(), Map.of("member_ids", List.of(aliceId))).status())
                .isEqualTo(404);
        Res group = api.post("/api/v1/conversations", alice, Map.of("member_ids", List.of(bobId), "title", "Team"));
        assertThat(group.status()).isIn(200, 201);
        String groupId = group.body().get("id").asText();
        assertThat(api.post("/api/v1/conversations/" + groupId + "/members", alice,
                Map.of("account_ids", List.of(local.id()))).status()).isEqualTo(404);

        // The app's backend opens a conversation and sends as its user.
        Res opened = actingAs(one, "alice", "POST", "/api/v1/conversations", Map.of("member_ids", List.of(bobId)));
        assertThat(opened.status()).isIn(200, 201);
        Res sent = actingAs(one, "alice", "POST", "/api/v1/conversations/" + opened.body().get("id").asText() + "/messages",
                Map.of("client_id", UUID.randomUUID().toString(), "text", "hello from the app"));
        assertThat(sent.status()).isEqualTo(201);
    }

    @Test
    void theAppsGraphFeedsTheNetworkRules() throws Exception {
        String secret = createApp("graph");
        provision(secret, "star", "Star");
        provision(secret, "fan", "Fan");
        provision(secret, "stranger", "Stranger");
        String star = mint(secret, "star");

        // An unknown id refuses the whole call, naming the edge.
        Res unknown = asApp("PUT", "/api/v1/app/graph/follows", secret, Map.of("edges", List.of(
                Map.of("from", "star", "to", "fan"), Map.of("from", "star", "to", "ghost"))));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().get("index").asInt()).isEqualTo(1);
        // The star follows the fan (twice: idempotent), not the stranger.
        Map<String, Object> follows = Map.of("edges", List.of(Map.of("from", "star", "to", "fan")));
        asApp("PUT", "/api/v1/app/graph/follows", secret, follows).expect(200);
        asApp("PUT", "/api/v1/app/graph/follows", secret, follows).expect(200);

        String fanDm = openAndSend(secret, "fan", "star");
        String strangerDm = openAndSend(secret, "stranger", "star");
        assertThat(folder(star, "inbox")).contains(fanDm).doesNotContain(strangerDm);
        assertThat(folder(star, "requests")).contains(strangerDm);

        // A block from the app's graph hides the fan at once (the block cache is kept right).
        String fanId = asApp("GET", "/api/v1/app/users/fan", secret, null).body().get("id").asText();
        String starId = asApp("GET", "/api/v1/app/users/star", secret, null).body().get("id").asText();
        String fan = mint(secret, "fan");
        api.get("/api/v1/accounts/" + starId, fan).expect(200);
        asApp("PUT", "/api/v1/app/graph/blocks", secret, Map.of("edges", List.of(Map.of("from", "star", "to", "fan"))))
                .expect(200);
        assertThat(api.get("/api/v1/accounts/" + starId, fan).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/accounts/" + fanId, star).body().get("you_follow").asBoolean()).isFalse();
        // A follow across the block, either way, is not stored (as a follow inside Parley is refused); the rest is.
        Res across = asApp("PUT", "/api/v1/app/graph/follows", secret, Map.of("edges", List.of(
                Map.of("from", "fan", "to", "star"), Map.of("from", "stranger", "to", "star"),
                Map.of("from", "star", "to", "fan")))).expect(200);
        assertThat(across.body().get("edges").asInt()).isEqualTo(3);
        assertThat(across.body().get("skipped")).extracting(JsonNode::asInt).containsExactly(0, 2);
        asApp("DELETE", "/api/v1/app/graph/blocks", secret, Map.of("edges", List.of(Map.of("from", "star", "to", "fan"))))
                .expect(200);
        api.get("/api/v1/accounts/" + starId, fan).expect(200);
        assertThat(api.get("/api/v1/accounts/" + fanId, star).body().get("you_follow").asBoolean()).isFalse();
        assertThat(api.get("/api/v1/accounts/" + starId, fan).body().get("you_follow").asBoolean()).isFalse();
        assertThat(asApp("PUT", "/api/v1/app/graph/friends", secret, follows).status()).isEqualTo(404);
    }

    private static String openAndSend(String secret, String from, String to) throws Exception {
        String toId = asApp("GET", "/api/v1/app/users/" + to, secret, null).body().get("id").asText();
        Res opened = actingAs(secret, from, "POST", "/api/v1/conversations", Map.of("member_ids", List.of(toId)));
        assertThat(opened.status()).isIn(200, 201);
        String id = opened.body().get("id").asText();
        assertThat(actingAs(secret, from, "POST", "/api/v1/conversations/" + id + "/messages",
                Map.of("client_id", UUID.randomUUID().toString(), "text", "hi")).status()).isEqualTo(201);
        return id;
    }

    private static List<String> folder(String token, String folder) {
        List<String> ids = new ArrayList<>();
        api.get("/api/v1/conversations?folder=" + folder, token).expect(200).body().get("items")
                .forEach(c -> ids.add(c.get("id").asText()));
        return ids;
    }
}
