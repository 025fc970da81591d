package dev.parley.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.account.JdbcAccountStore;
import dev.parley.testing.Api;
import dev.parley.testing.NodeFixture;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An FCM or APNs token belongs to one install of one app: a user of another app registering the
 * same token is refused, and the device stays with the user who registered it. Within one app a
 * phone that changes hands moves to its new user, as before.
 */
class CrossAppDeviceTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static final Api api = NODE.api();

    private static String userToken(Api.Person root, String secret, String externalId) {
        api.put("/api/v1/app/users/" + externalId, secret, Map.of("display_name", "User " + externalId)).expect(201);
        return api.post("/api/v1/app/users/" + externalId + "/tokens", secret, Map.of()).expect(201)
                .body().get("token").asText();
    }

    @Test
    void anotherAppsUserCannotTakeAPhonesToken() {
        Api.Person root = api.signUp("keeper_devices");
        new JdbcAccountStore(NODE.node().node().database(), Clock.systemUTC()).setAdmin(root.id(), true);
        String photos = api.post("/api/v1/admin/apps", root.token(), Map.of("name", "photos-d")).expect(201)
                .body().get("secret").asText();
        String videos = api.post("/api/v1/admin/apps", root.token(), Map.of("name", "videos-d")).expect(201)
                .body().get("secret").asText();
        String victim = userToken(root, photos, "u:43");
        String thief = userToken(root, videos, "v:1");
        String neighbour = userToken(root, photos, "u:44");
        Map<String, String> device = Map.of("kind", "fcm", "token", "fcm:APA91bVICTIM_TOKEN_0123456789");

        api.post("/api/v1/me/devices", victim, device).expect(201);
        Api.Res taken = api.post("/api/v1/me/devices", thief, device);
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.code()).isEqualTo("device_registered_elsewhere");
        assertThat(taken.contentType()).contains("application/problem+json");
        assertThat(taken.raw()).doesNotContain("u:43").doesNotContain("photos");
        assertThat(api.get("/api/v1/me/devices", victim).expect(200).body().get("items")).hasSize(1);
        assertThat(api.get("/api/v1/me/devices", thief).expect(200).body().get("items")).isEmpty();

        // The same app's other user on that phone: it moves, as a phone that changed hands does.
        api.post("/api/v1/me/devices", neighbour, device).expect(201);
        assertThat(api.get("/api/v1/me/devices", victim).expect(200).body().get("items")).isEmpty();
    }

    @Test
    void claimingTheOtherKindDoesNotTakeAnotherAppsToken() {
        Api.Person root = api.signUp("keeper_kinds");
        new JdbcAccountStore(NODE.node().node().database(), Clock.systemUTC()).setAdmin(root.id(), true);
        String photos = api.post("/api/v1/admin/apps", root.token(), Map.of("name", "photos-k")).expect(201)
                .body().get("secret").asText();
        String videos = api.post("/api/v1/admin/apps", root.token(), Map.of("name", "videos-k")).expect(201)
                .body().get("secret").asText();
        String owner = userToken(root, photos, "k:1");
        String thief = userToken(root, videos, "k:2");
        String token = "APA91bKIND_SWAP_TOKEN_0123456789";
        api.post("/api/v1/me/devices", owner, Map.of("kind", "fcm", "token", token)).expect(201);

        Api.Res asApns = api.post("/api/v1/me/devices", thief, Map.of("kind", "apns", "token", token));
        assertThat(asApns.status()).isEqualTo(409);
        assertThat(asApns.code()).isEqualTo("device_registered_elsewhere");
        assertThat(api.get("/api/v1/me/devices", thief).expect(200).body().get("items")).isEmpty();
        assertThat(api.get("/api/v1/me/devices", owner).expect(200).body().get("items")).hasSize(1);

        // The owner registering it again (as either kind) still works, and leaves one device, not two.
        api.post("/api/v1/me/devices", owner, Map.of("kind", "fcm", "token", token)).expect(200);
        api.post("/api/v1/me/devices", owner, Map.of("kind", "apns", "token", token)).expect(201);
        assertThat(api.get("/api/v1/me/devices", owner).expect(200).body().get("items")).hasSize(1);
    }
}
