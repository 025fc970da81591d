package dev.parley.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.notify.NotificationNeeded;
import dev.parley.push.PushService;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Eventually;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two nodes share one VAPID key and one push queue: a verdict heard by both (each node's decision
 * may report it) is pushed once per device, whichever node sends it.
 */
@Tag("postgres-only")
class WebPushClusterTest {

    @Test
    void twoNodesShareTheKeyAndNeverBothSendAPush() {
        try (PushService push = new PushService();
             Cluster cluster = new Cluster(Map.of("outbound.allow_private_addresses", "on"))) {
            String key = cluster.a.api.get("/api/v1/push/vapid-public-key", null).expect(200).body().get("key").asText();
            assertThat(cluster.b.api.get("/api/v1/push/vapid-public-key", null).body().get("key").asText()).isEqualTo(key);
            push.expectKey(key);

            Api api = cluster.a.api;
            Person ann = api.signUp("ann_wpc");
            Person bob = api.signUp("bob_wpc");
            api.setDmPolicy(bob, "everyone");
            PushService.Browser laptop = push.subscribe();
            PushService.Browser phone = push.subscribe();
            api.post("/api/v1/me/devices", bob.token(), laptop.registration()).expect(201);
            cluster.b.api.post("/api/v1/me/devices", bob.token(), phone.registration()).expect(201);

            int messages = 20;
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < messages; i++) {
                // A conversation each, so no push replaces another in the queue.
                Person from = api.signUp("ann_wpc" + i);
                String conversation = api.open(from, bob);
                String id = api.send(from, conversation, "hello " + i).expect(201).body().get("id").asText();
                ids.add(id);
                NotificationNeeded v = new NotificationNeeded(bob.id(), conversation, id, NotificationNeeded.MESSAGE,
                        1, i + 1, from.id(), true, Instant.now());
                cluster.a.node().webPush().notificationNeeded(v);
                cluster.b.node().webPush().notificationNeeded(v);
            }
            Eventually.await("every push on both devices", Duration.ofSeconds(20),
                    () -> push.receivedBy(laptop).size() >= messages && push.receivedBy(phone).size() >= messages);
            Eventually.sleep(Duration.ofSeconds(1)); // both nodes poll twice in this time: nothing more comes
            for (PushService.Browser b : List.of(laptop, phone)) {
                List<String> got = push.receivedBy(b).stream().map(r -> r.payload().get("message_id").asText()).toList();
                assertThat(got).hasSize(messages);
                Set<String> distinct = got.stream().collect(Collectors.toSet());
                assertThat(distinct).containsExactlyInAnyOrderElementsOf(ids);
            }
            assertThat(push.problems()).isEmpty();
        }
    }
}
