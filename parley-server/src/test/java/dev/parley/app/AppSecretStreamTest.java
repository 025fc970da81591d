package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.account.JdbcAccountStore;
import dev.parley.testing.Api;
import dev.parley.testing.NodeFixture;
import dev.parley.testing.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stream opened with an app's secret and {@code X-Parley-User} lasts as long as that secret
 * works: it closes (4401) when the rotation's grace ends or the app is revoked. A revoked app is not
 * rotated back to life.
 */
class AppSecretStreamTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static final Api api = NODE.api();

    private record App(Api.Person root, String name, String secret) {}

    private static App app(String name) {
        Api.Person root = api.signUp("keeper_" + name);
        new JdbcAccountStore(NODE.node().node().database(), Clock.systemUTC()).setAdmin(root.id(), true);
        String secret = api.post("/api/v1/admin/apps", root.token(), Map.of("name", name)).expect(201)
                .body().get("secret").asText();
        api.put("/api/v1/app/users/x:1", secret, Map.of("display_name", "Xena")).expect(201);
        api.put("/api/v1/app/users/x:2", secret, Map.of("display_name", "Yuri")).expect(201);
        return new App(root, name, secret);
    }

    private static String rotate(App a, long graceSeconds) {
        return api.post("/api/v1/admin/apps/" + a.name() + "/rotate", a.root().token(),
                Map.of("grace_seconds", graceSeconds)).expect(200).body().get("secret").asText();
    }

    private static Socket actingSocket(String secret, String user) {
        return Socket.open(NODE.node(), secret, null, Map.of("X-Parley-User", user));
    }

    @Test
    void aStreamOpenedWithASecretEndsWhenTheRotationsGraceEnds() {
        App a = app("streamrot");
        try (Socket s = actingSocket(a.secret(), "x:1")) {
            String fresh = rotate(a, 2);
            // Within the grace the old secret works, and so does its stream.
            assertThat(api.call("GET", "/api/v1/me", a.secret(), null, Map.of("X-Parley-User", "x:1")).status())
                    .isEqualTo(200);
            assertThat(s.isClosed()).isFalse();
            assertThat(s.awaitClose(Duration.ofSeconds(20))).isEqualTo(4401);
            assertThat(api.call("GET", "/api/v1/me", a.secret(), null, Map.of("X-Parley-User", "x:1")).status())
                    .isEqualTo(401);
            // A stream on the new secret stays, and hears x:2's message.
            try (Socket kept = actingSocket(fresh, "x:1")) {
                String xena = api.get("/api/v1/app/users/x:1", fresh).expect(200).body().get("id").asText();
                Map<String, String> asYuri = Map.of("X-Parley-User", "x:2");
                String c = api.call("POST", "/api/v1/conversations", fresh, Map.of("member_ids", new String[] {xena}),
                        asYuri).body().get("id").asText();
                api.call("POST", "/api/v1/conversations/" + c + "/messages", fresh,
                        Map.of("client_id", java.util.UUID.randomUUID().toString(), "text", "hello"), asYuri);
                kept.await(f -> f.at("/event/type").asText().matches("request.created|message.created"));
                assertThat(kept.isClosed()).isFalse();
            }
        }
    }

    @Test
    void aRotationWithoutGraceOrARevokeEndsTheStreamAtOnce() {
        App a = app("streamnow");
        try (Socket s = actingSocket(a.secret(), "x:1")) {
            String fresh = rotate(a, 0);
            assertThat(s.awaitClose(Duration.ofSeconds(15))).isEqualTo(4401);
            try (Socket next = actingSocket(fresh, "x:1")) {
                api.post("/api/v1/admin/apps/" + a.name() + "/revoke", a.root().token(), null).expect(204);
                assertThat(next.awaitClose(Duration.ofSeconds(5))).isEqualTo(4401);
            }
        }
    }

    /** As the README and OpenAPI say: only the secret a rotation replaces keeps a grace. */
    @Test
    void rotatingTwiceKeepsOnlyTheSecretJustReplaced() {
        App a = app("tworot");
        assertThat(api.get("/api/v1/app/users/x:1", a.secret()).status()).isEqualTo(200); // cached on the node
        String second = rotate(a, 3600);
        String third = rotate(a, 3600);
        assertThat(api.get("/api/v1/app/users/x:1", a.secret()).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/app/users/x:1", second).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/app/users/x:1", third).status()).isEqualTo(200);
    }

    @Test
    void aRevokedAppIsNotRotated() {
        App a = app("revrot");
        api.post("/api/v1/admin/apps/" + a.name() + "/revoke", a.root().token(), null).expect(204);
        Api.Res r = api.post("/api/v1/admin/apps/" + a.name() + "/rotate", a.root().token(), Map.of());
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.code()).isEqualTo("app_revoked");
        assertThat(r.contentType()).contains("application/problem+json");
    }
}
