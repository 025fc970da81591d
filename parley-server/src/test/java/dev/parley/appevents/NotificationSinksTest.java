package dev.parley.appevents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.push.PushService;
import dev.parley.testing.Eventually;
import dev.parley.testing.Socket;
import dev.parley.testing.TestNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The notification decision wired to both of the node's sinks, seen from outside: an app's user
 * whose only socket is hidden gets one {@code notification.needed} in the app's feed, carrying the
 * phone tokens the user registered, and one encrypted Web Push on the browser they registered.
 */
class NotificationSinksTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    static TestNode node;
    static String admin;
    static final PushService push = new PushService();

    @BeforeAll
    static void start() {
        node = TestNode.start(Map.of("outbound.allow_private_addresses", "on", "notify.delay", "300ms",
                "push.retry_base", "200ms"));
        admin = AppEventsTest.adminOf(node);
    }

    @AfterAll
    static void stop() {
        node.close();
        push.close();
    }

    private static List<JsonNode> notifications(String secret) {
        return AppEventsTest.items(AppEventsTest.feed(node, secret, "")).stream()
                .filter(e -> e.get("type").asText().equals(AppEventTypes.NOTIFICATION_NEEDED)).toList();
    }

    @Test
    void anAwayUserIsToldOnceInTheFeedWithTheirPhoneAndOnceByWebPush() {
        String secret = AppEventsTest.appWithUsers(node, admin, "ann", "bob");
        String bobsToken = node.api.post("/api/v1/app/users/bob/tokens", secret, Map.of("ttl_seconds", 600))
                .expect(201).body().get("token").asText();
        push.expectKey(node.api.get("/api/v1/push/vapid-public-key", null).expect(200).body().get("key").asText());
        PushService.Browser laptop = push.subscribe();
        node.api.post("/api/v1/me/devices", bobsToken, laptop.registration()).expect(201);
        node.api.post("/api/v1/me/devices", bobsToken, Map.of("kind", "fcm", "token", "fcm:bobs-phone-0001")).expect(201);
        String c = AppEventsTest.open(node, secret, "ann", "bob");

        try (Socket bobs = Socket.open(node, bobsToken)) {
            bobs.send("{\"type\":\"visibility\",\"visible\":false}"); // the tab went to the background
            AppEventsTest.send(node, secret, "ann", c, "dinner at eight?");

            Eventually.await("a notification.needed in the feed", WAIT, () -> notifications(secret).size() == 1);
            Eventually.await("a Web Push at bob's browser", WAIT, () -> push.receivedBy(laptop).size() == 1);
        }
        JsonNode note = notifications(secret).get(0);
        assertThat(note.get("external_id").asText()).isEqualTo("bob");
        assertThat(note.get("conversation_id").asText()).isEqualTo(c);
        assertThat(note.get("kind").asText()).isEqualTo("message");
        assertThat(note.get("unread").asLong()).isEqualTo(1);
        assertThat(note.get("devices")).hasSize(1); // the phone; the browser is pushed by the node itself
        assertThat(note.at("/devices/0/kind").asText()).isEqualTo("fcm");
        assertThat(note.at("/devices/0/token").asText()).isEqualTo("fcm:bobs-phone-0001");

        JsonNode pushed = push.receivedBy(laptop).get(0).payload();
        assertThat(pushed.get("conversation_id").asText()).isEqualTo(c);
        assertThat(pushed.get("text").asText()).isEqualTo("dinner at eight?");
        assertThat(pushed.get("sender_name").asText()).isEqualTo("ann");
        assertThat(push.problems()).isEmpty();

        // Nothing more follows: one verdict, one event, one push.
        Eventually.sleep(Duration.ofMillis(800));
        assertThat(notifications(secret)).hasSize(1);
        assertThat(push.receivedBy(laptop)).hasSize(1);
    }

    /** A user the app deactivated is signed out: their phone is not to be told of messages until reactivated. */
    @Test
    void aDeactivatedUserIsNotToldUntilReactivated() {
        String secret = AppEventsTest.appWithUsers(node, admin, "eve", "fay");
        String faysToken = node.api.post("/api/v1/app/users/fay/tokens", secret, Map.of("ttl_seconds", 600))
                .expect(201).body().get("token").asText();
        node.api.post("/api/v1/me/devices", faysToken, Map.of("kind", "fcm", "token", "fcm:fays-phone-0001")).expect(201);
        String c = AppEventsTest.open(node, secret, "eve", "fay");
        node.api.post("/api/v1/app/users/fay/deactivate", secret, null).expect(200);
        AppEventsTest.send(node, secret, "eve", c, "still there?");
        Eventually.sleep(Duration.ofMillis(1500));
        assertThat(notifications(secret)).isEmpty();

        node.api.post("/api/v1/app/users/fay/reactivate", secret, null).expect(200);
        AppEventsTest.send(node, secret, "eve", c, "welcome back");
        Eventually.await("a notification.needed once reactivated", WAIT, () -> notifications(secret).size() == 1);
        assertThat(notifications(secret).get(0).at("/devices/0/token").asText()).isEqualTo("fcm:fays-phone-0001");
    }

    @Test
    void aUserLookingAtTheConversationIsToldNothing() {
        String secret = AppEventsTest.appWithUsers(node, admin, "cat", "dan");
        String dansToken = node.api.post("/api/v1/app/users/dan/tokens", secret, Map.of("ttl_seconds", 600))
                .expect(201).body().get("token").asText();
        PushService.Browser laptop = push.subscribe();
        node.api.post("/api/v1/me/devices", dansToken, laptop.registration()).expect(201);
        String c = AppEventsTest.open(node, secret, "cat", "dan");
        try (Socket dans = Socket.open(node, dansToken)) {
            AppEventsTest.send(node, secret, "cat", c, "are you reading this?");
            Eventually.sleep(Duration.ofMillis(1500));
            assertThat(notifications(secret)).isEmpty();
            assertThat(push.receivedBy(laptop)).isEmpty();
        }
    }
}
