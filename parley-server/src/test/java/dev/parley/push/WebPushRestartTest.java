package dev.parley.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.notify.NotificationNeeded;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Eventually;
import dev.parley.testing.TestNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The push queue is in the store: a push queued before a stop is sent after the next start. */
class WebPushRestartTest {

    @Test
    void aQueuedPushIsSentAfterTheNodeRestarts() {
        try (PushService push = new PushService()) {
            // push.workers=0: this node queues but does not send, so the push is still queued at the stop.
            TestNode node = TestNode.start(Map.of("outbound.allow_private_addresses", "on", "push.workers", "0"));
            try {
                Api api = node.api;
                Person ann = api.signUp("ann_wpr");
                Person bob = api.signUp("bob_wpr");
                api.setDmPolicy(bob, "everyone");
                PushService.Browser b = push.subscribe();
                api.post("/api/v1/me/devices", bob.token(), b.registration()).expect(201);
                String conversation = api.open(ann, bob);
                String message = api.send(ann, conversation, "see you after the restart").expect(201).body().get("id").asText();
                String key = api.get("/api/v1/push/vapid-public-key", null).body().get("key").asText();
                node.node().webPush().notificationNeeded(new NotificationNeeded(bob.id(), conversation, message,
                        NotificationNeeded.MESSAGE, 1, 1, ann.id(), true, Instant.now()));
                Eventually.sleep(Duration.ofSeconds(1));
                assertThat(push.received()).isEmpty();

                node = node.restart(Map.of("push.workers", "2"));
                // The same VAPID key after the restart: browsers subscribed with it keep working.
                assertThat(node.api.get("/api/v1/push/vapid-public-key", null).body().get("key").asText()).isEqualTo(key);
                push.expectKey(key);
                Eventually.await("the queued push", Duration.ofSeconds(10), () -> push.receivedBy(b).size() == 1);
                assertThat(push.receivedBy(b).get(0).payload().get("text").asText()).isEqualTo("see you after the restart");
                assertThat(push.problems()).isEmpty();
            } finally {
                node.close();
            }
        }
    }
}
