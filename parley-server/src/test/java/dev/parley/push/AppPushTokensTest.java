package dev.parley.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.account.JdbcAccountStore;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Res;
import dev.parley.testing.NodeFixture;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An app's users register their phones' FCM/APNs tokens, which the app's events hand to the app. */
class AppPushTokensTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static final Api api = NODE.api();

    @Test
    void anAppsUserRegistersTokensAndTheAppCanLookThemUp() {
        Api.Person root = api.signUp("keeper_tokens");
        new JdbcAccountStore(NODE.node().node().database(), Clock.systemUTC()).setAdmin(root.id(), true);
        String secret = api.post("/api/v1/admin/apps", root.token(), Map.of("name", "phones")).expect(201)
                .body().get("secret").asText();
        String userId = api.call("PUT", "/api/v1/app/users/u:77", secret, Map.of("display_name", "Zoë")).body().get("id").asText();
        String token = api.post("/api/v1/app/users/u:77/tokens", secret, Map.of("ttl_seconds", 600)).expect(201)
                .body().get("token").asText();

        Res fcm = api.post("/api/v1/me/devices", token, Map.of("kind", "fcm", "token", "fcm:APA91bHun4MxP5egoKMwt2KZFBaFUH"));
        fcm.expect(201);
        assertThat(fcm.body().get("kind").asText()).isEqualTo("fcm");
        assertThat(fcm.body().get("token").asText()).isEqualTo("fcm:APA91bHun4MxP5egoKMwt2KZFBaFUH");
        api.post("/api/v1/me/devices", token, Map.of("kind", "apns", "token", "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4")).expect(201);
        api.post("/api/v1/me/devices", token, Map.of("kind", "apns", "token", "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4")).expect(200);
        Res bad = api.post("/api/v1/me/devices", token, Map.of("kind", "apns", "token", "has spaces in it"));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.code()).isEqualTo("validation_failed");

        Devices devices = new Devices(new DeviceStore(NODE.node().node().database()), null, false, id -> java.util.Optional.of("phones"), Clock.systemUTC());
        assertThat(devices.tokensFor(userId)).containsExactly(
                new Devices.Token("fcm", "fcm:APA91bHun4MxP5egoKMwt2KZFBaFUH"),
                new Devices.Token("apns", "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4"));
        // A password account of the same node has no app to push through.
        assertThat(api.post("/api/v1/me/devices", root.token(), Map.of("kind", "apns", "token", "a1b2c3d4e5f6a1b2"))
                .code()).isEqualTo("no_app_for_push");
        assertThat(devices.tokensFor(root.id())).isEmpty();
    }
}
