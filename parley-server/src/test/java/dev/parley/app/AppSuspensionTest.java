package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.account.JdbcAccountStore;
import dev.parley.testing.Api;
import dev.parley.testing.NodeFixture;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An administrator's or moderator's suspension of an app's user is theirs: the app sees it as
 * {@code suspended}, apart from its own {@code deactivated}, and its reactivate never lifts it.
 */
class AppSuspensionTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static final Api api = NODE.api();

    private static Map<String, String> as(String user) {
        return Map.of("X-Parley-User", user);
    }

    @Test
    void theAppsReactivateNeverLiftsAModeratorsSuspension() {
        Api.Person root = api.signUp("keeper_susp");
        new JdbcAccountStore(NODE.node().node().database(), Clock.systemUTC()).setAdmin(root.id(), true);
        api.put("/api/v1/admin/moderators/" + root.id(), root.token()).expect(204);
        String s = api.post("/api/v1/admin/apps", root.token(), Map.of("name", "susp")).expect(201)
                .body().get("secret").asText();
        String noor = api.put("/api/v1/app/users/u:43", s, Map.of("display_name", "Noor")).expect(201)
                .body().get("id").asText();

        api.post("/api/v1/moderation/actions", root.token(), Map.of("action", "suspend",
                "target", Map.of("kind", "account", "id", noor), "reason", "spam")).expect(200);
        Api.Res seen = api.get("/api/v1/app/users/u:43", s).expect(200);
        assertThat(seen.body().get("deactivated").asBoolean()).isFalse();
        assertThat(seen.body().get("suspended").asBoolean()).isTrue();

        Api.Res lift = api.post("/api/v1/app/users/u:43/reactivate", s, null);
        assertThat(lift.status()).isEqualTo(409);
        assertThat(lift.code()).isEqualTo("suspended_by_admin");
        assertThat(lift.contentType()).contains("application/problem+json");
        Api.Res mint = api.post("/api/v1/app/users/u:43/tokens", s, Map.of());
        assertThat(mint.status()).isEqualTo(403);
        assertThat(mint.code()).isEqualTo("suspended_by_admin");
        assertThat(api.call("GET", "/api/v1/me", s, null, as("u:43")).status()).isEqualTo(401);

        // The app's own deactivation beside it: the moderator's lift leaves the app's flag to the app.
        api.post("/api/v1/app/users/u:43/deactivate", s, null).expect(200);
        assertThat(api.post("/api/v1/app/users/u:43/reactivate", s, null).code()).isEqualTo("suspended_by_admin");
        api.post("/api/v1/moderation/actions", root.token(), Map.of("action", "lift",
                "target", Map.of("kind", "account", "id", noor), "reason", "appeal")).expect(200);
        Api.Res after = api.get("/api/v1/app/users/u:43", s).expect(200);
        assertThat(after.body().get("deactivated").asBoolean()).isTrue();
        assertThat(after.body().get("suspended").asBoolean()).isFalse();
        assertThat(api.call("GET", "/api/v1/me", s, null, as("u:43")).status()).isEqualTo(401);
        Api.Res back = api.post("/api/v1/app/users/u:43/reactivate", s, null).expect(200);
        assertThat(back.body().get("deactivated").asBoolean()).isFalse();
        api.call("GET", "/api/v1/me", s, null, as("u:43")).expect(200);
        api.post("/api/v1/app/users/u:43/tokens", s, Map.of()).expect(201);
    }
}
