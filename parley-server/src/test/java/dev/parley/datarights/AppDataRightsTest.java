package dev.parley.datarights;

import static dev.parley.datarights.ErasureTest.adminOf;
import static dev.parley.datarights.ErasureTest.syncFromStart;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api.Res;
import dev.parley.testing.Eventually;
import dev.parley.testing.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An app erases and exports its own users, hears {@code user.erased}, and reads no other app's jobs. */
class AppDataRightsTest {
    private static final String SECRET = "marmaladeplatypus";
    static TestNode node;
    static String admin;

    @BeforeAll
    static void start() {
        node = TestNode.start();
        admin = adminOf(node);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    /** A fresh app whose users follow each other; answers its secret. */
    static String appWith(String... users) {
        String secret = node.api.post("/api/v1/admin/apps", admin, Map.of("name", "app_" + UUID.randomUUID()))
                .expect(201).body().get("secret").asText();
        List<Map<String, String>> edges = new ArrayList<>();
        for (String u : users) {
            assertThat(node.api.call("PUT", "/api/v1/app/users/" + u, secret, Map.of("display_name", u)).status())
                    .isIn(200, 201);
            for (String v : users) {
                if (!u.equals(v)) {
                    edges.add(Map.of("from", u, "to", v));
                }
            }
        }
        if (!edges.isEmpty()) {
            node.api.call("PUT", "/api/v1/app/graph/follows", secret, Map.of("edges", edges)).expect(200);
        }
        return secret;
    }

    static Res as(String secret, String user, String method, String path, Object body) {
        return node.api.call(method, path, secret, body, Map.of("X-Parley-User", user));
    }

    static String idOf(String secret, String user) {
        return node.api.call("GET", "/api/v1/app/users/" + user, secret, null).expect(200).body().get("id").asText();
    }

    static String token(String secret, String user) {
        return node.api.post("/api/v1/app/users/" + user + "/tokens", secret, null).expect(201).body().get("token").asText();
    }

    @Test
    void anAppErasesItsUserAndHearsUserErasedWithNoTextLeftInItsFeedOrTheirPartnersSync() {
        String secret = appWith("ua", "ub");
        String other = appWith("uc");
        node.api.call("PUT", "/api/v1/app/events/settings", secret, Map.of("include_text", true)).expect(200);
        String dm = as(secret, "ua", "POST", "/api/v1/conversations", Map.of("member_ids", List.of(idOf(secret, "ub"))))
                .body().get("id").asText();
        for (int i = 0; i < 3; i++) {
            as(secret, "ua", "POST", "/api/v1/conversations/" + dm + "/messages",
                    Map.of("client_id", UUID.randomUUID().toString(), "text", SECRET + " " + i)).expect(201);
        }
        Eventually.await("the feed has the text", Duration.ofSeconds(10),
                () -> node.api.get("/api/v1/app/events", secret).raw().contains(SECRET));

        assertThat(node.api.delete("/api/v1/app/users/ua", other).status()).isEqualTo(404); // not the other app's
        Res accepted = node.api.delete("/api/v1/app/users/ua", secret).expect(202);
        String id = accepted.body().get("id").asText();
        Res unknown = node.api.get("/api/v1/app/erasures/e-unknown", other);
        Res theirs = node.api.get("/api/v1/app/erasures/" + id, other);
        assertThat(theirs.status()).isEqualTo(404);
        assertThat(theirs.raw()).isEqualTo(unknown.raw());
        Eventually.await("erasure done", Duration.ofSeconds(30),
                () -> node.api.get("/api/v1/app/erasures/" + id, secret).expect(200).body(),
                b -> b.get("status").asText().equals("done"));

        JsonNode feed = Eventually.await("user.erased on the feed", Duration.ofSeconds(10),
                () -> node.api.get("/api/v1/app/events", secret).expect(200).body(),
                b -> b.toString().contains("user.erased"));
        assertThat(feed.toString()).doesNotContain(SECRET);
        JsonNode erased = null;
        for (JsonNode e : feed.get("items")) {
            if (e.get("type").asText().equals("user.erased")) {
                erased = e;
            }
        }
        assertThat(erased).isNotNull();
        // Each erased message reads as the README says of any message gone: deleted, its text empty
        // (an app that opted in to text finds the field, as a Java record or a strict schema needs it).
        for (JsonNode e : feed.get("items")) {
            if (e.get("type").asText().equals("message.created")) {
                assertThat(e.at("/message/deleted").asBoolean()).as(e.toString()).isTrue();
                assertThat(e.at("/message/text").isTextual()).as(e.toString()).isTrue();
                assertThat(e.at("/message/text").asText()).isEmpty();
            }
        }
        assertThat(erased.toString()).contains("\"external_id\":\"ua\"").contains(id);
        assertThat(node.api.get("/api/v1/app/events", other).raw()).doesNotContain("user.erased");
        assertThat(node.api.call("GET", "/api/v1/app/users/ua", secret, null).status()).isEqualTo(404);
        assertThat(syncFromStart(node.api, token(secret, "ub"))).noneMatch(e -> e.toString().contains(SECRET));
    }

    @Test
    void aUserWithoutAPasswordErasesThemselvesOnlyWithAFreshToken() {
        String secret = appWith("ud", "ue");
        Res stale = as(secret, "ud", "DELETE", "/api/v1/me", null);
        assertThat(stale.status()).isEqualTo(403);
        assertThat(stale.code()).isEqualTo("reauthentication_required");
        assertThat(node.api.call("GET", "/api/v1/app/users/ud", secret, null).status()).isEqualTo(200);

        String fresh = token(secret, "ud");
        node.api.delete("/api/v1/me", fresh).expect(202);
        assertThat(node.api.get("/api/v1/me", fresh).status()).isEqualTo(401);
    }

    @Test
    void anAppExportsItsUserAndNoOtherAppReadsTheExport() {
        String secret = appWith("uf", "ug");
        String other = appWith("uh");
        assertThat(node.api.post("/api/v1/app/users/uf/exports", other, null).status()).isEqualTo(404);
        String id = node.api.post("/api/v1/app/users/uf/exports", secret, null).expect(202).body().get("id").asText();
        JsonNode ready = Eventually.await("export ready", Duration.ofSeconds(30),
                () -> node.api.get("/api/v1/app/exports/" + id, secret).expect(200).body(),
                b -> b.get("status").asText().equals("ready"));
        assertThat(ready.get("download_url").asText()).isEqualTo("/api/v1/app/exports/" + id + "/archive");
        assertThat(node.api.get("/api/v1/app/exports/" + id + "/archive", secret).status()).isEqualTo(200);
        for (String path : List.of("/api/v1/app/exports/" + id, "/api/v1/app/exports/" + id + "/archive")) {
            assertThat(node.api.get(path, other).status()).isEqualTo(404);
            assertThat(node.api.get(path, token(secret, "uf")).status()).isEqualTo(401);
        }
        assertThat(node.api.get("/api/v1/me/exports/" + id, token(secret, "uf")).status()).isEqualTo(404);
    }
}
