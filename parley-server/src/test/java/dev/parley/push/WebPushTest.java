package dev.parley.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.notify.NotificationNeeded;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Api.Res;
import dev.parley.testing.Eventually;
import dev.parley.testing.NodeFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Web Push end to end: a browser registers its subscription, the notification decision's verdict
 * reaches the node's sink, and a real push service on 127.0.0.1 checks the VAPID token and
 * decrypts what arrives.
 */
class WebPushTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of("outbound.allow_private_addresses", "on",
            "push.retry_base", "200ms"));
    static final Api api = NODE.api();
    static final PushService push = new PushService();
    private static final Duration WAIT = Duration.ofSeconds(10);

    @AfterAll
    static void stop() {
        push.close();
    }

    /** Ann writes to Bob; answers the message's id. */
    private static String[] message(Person ann, Person bob, String text) {
        api.setDmPolicy(bob, "everyone");
        String conversation = api.open(ann, bob);
        return new String[] {conversation, api.send(ann, conversation, text).expect(201).body().get("id").asText()};
    }

    private static NotificationNeeded verdict(Person to, String[] m, String kind, boolean showText, Person from) {
        return new NotificationNeeded(to.id(), m[0], m[1], kind, 1, 3, from.id(), showText, Instant.now());
    }

    private static void notify(NotificationNeeded v) {
        NODE.node().node().webPush().notificationNeeded(v);
    }

    private static String register(Person who, PushService.Browser b) {
        return api.post("/api/v1/me/devices", who.token(), b.registration()).expect(201).body().get("id").asText();
    }

    private static String key() {
        String key = api.get("/api/v1/push/vapid-public-key", null).expect(200).body().get("key").asText();
        push.expectKey(key);
        return key;
    }

    @Test
    void theVapidKeyIsAnUncompressedP256PointThatStays() {
        String key = key();
        byte[] point = java.util.Base64.getUrlDecoder().decode(key);
        assertThat(point).hasSize(65);
        assertThat(point[0]).isEqualTo((byte) 4);
        assertThat(WebPushCrypto.publicKey(point)).isPresent();
        assertThat(api.get("/api/v1/push/vapid-public-key", null).body().get("key").asText()).isEqualTo(key);
    }

    @Test
    void eachDeviceGetsOneEncryptedPushPerMessageWithTheTextAndATopic() {
        key();
        Person ann = api.signUp("ann_wp1");
        Person bob = api.signUp("bob_wp1");
        PushService.Browser laptop = push.subscribe();
        PushService.Browser phone = push.subscribe();
        register(bob, laptop);
        register(bob, phone);
        String[] m = message(ann, bob, "lunch at noon?");
        NotificationNeeded v = verdict(bob, m, NotificationNeeded.MESSAGE, true, ann);
        notify(v);
        notify(v); // a repeated verdict (a restart) sends nothing twice
        Eventually.await("a push on each device", WAIT,
                () -> push.receivedBy(laptop).size() == 1 && push.receivedBy(phone).size() == 1);

        PushService.Received got = push.receivedBy(laptop).get(0);
        JsonNode p = got.payload();
        assertThat(p.get("conversation_id").asText()).isEqualTo(m[0]);
        assertThat(p.get("message_id").asText()).isEqualTo(m[1]);
        assertThat(p.get("sender_name").asText()).isEqualTo("Ann_wp1");
        assertThat(p.get("text").asText()).isEqualTo("lunch at noon?");
        assertThat(p.get("unread").asLong()).isEqualTo(1);
        assertThat(p.get("total_unread").asLong()).isEqualTo(3);
        assertThat(got.headers().get("urgency")).isEqualTo("high");
        assertThat(Long.parseLong(got.headers().get("ttl"))).isPositive();
        assertThat(got.headers().get("topic")).hasSizeLessThanOrEqualTo(32).matches("[A-Za-z0-9_-]+");
        assertThat(push.receivedBy(phone).get(0).headers().get("topic")).isEqualTo(got.headers().get("topic"));

        // A newer message of the same conversation carries the same Topic, so it replaces the older one.
        String next = api.send(ann, m[0], "or one?").expect(201).body().get("id").asText();
        notify(verdict(bob, new String[] {m[0], next}, NotificationNeeded.MESSAGE, true, ann));
        Eventually.await("the second push", WAIT, () -> push.receivedBy(laptop).size() == 2);
        assertThat(push.receivedBy(laptop).get(1).headers().get("topic")).isEqualTo(got.headers().get("topic"));
        assertThat(push.receivedBy(laptop).get(1).payload().get("text").asText()).isEqualTo("or one?");
        Eventually.sleep(Duration.ofMillis(300));
        assertThat(push.receivedBy(laptop)).hasSize(2);
        assertThat(push.problems()).isEmpty();
    }

    @Test
    void withoutTextOrForARequestOnlyANeutralLineIsPushed() {
        key();
        Person ann = api.signUp("ann_wp2");
        Person bob = api.signUp("bob_wp2");
        PushService.Browser b = push.subscribe();
        register(bob, b);
        String[] m = message(ann, bob, "the secret is 42");
        notify(verdict(bob, m, NotificationNeeded.MESSAGE, false, ann));
        Eventually.await("a push", WAIT, () -> push.receivedBy(b).size() == 1);
        JsonNode hidden = push.receivedBy(b).get(0).payload();
        assertThat(hidden.get("body").asText()).isEqualTo("New message from Ann_wp2");
        assertThat(hidden.has("text")).isFalse();
        // Not "42" alone: the payload's random ids may hold those two digits (as one CI run's did).
        assertThat(hidden.toString()).doesNotContain("secret");

        String second = api.send(ann, m[0], "a request's words").expect(201).body().get("id").asText();
        notify(verdict(bob, new String[] {m[0], second}, NotificationNeeded.REQUEST, true, ann));
        Eventually.await("a second push", WAIT, () -> push.receivedBy(b).size() == 2);
        JsonNode request = push.receivedBy(b).get(1).payload();
        assertThat(request.get("body").asText()).isEqualTo("New message request");
        assertThat(request.toString()).doesNotContain("words").doesNotContain("Ann");
        assertThat(push.receivedBy(b).get(1).headers().get("urgency")).isEqualTo("normal");
    }

    /**
     * The probe of 8 Dec: a browser's subscription outlived its session. Bob turned notifications on
     * on a shared laptop, then changed his password on his phone ("every other session ends"); the
     * laptop went on showing his senders and texts. A subscription now lives as long as the session
     * that registered it; the phone's own goes on.
     */
    @Test
    void aSubscriptionEndsWithTheSessionThatRegisteredIt() {
        key();
        Person ann = api.signUp("ann_wp_session");
        Person bob = api.signUp("bob_wp_session");
        String phoneToken = api.post("/api/v1/sessions", null, Map.of("handle", "bob_wp_session",
                "password", "correct horse battery")).expect(201).body().get("token").asText();
        PushService.Browser laptop = push.subscribe();
        PushService.Browser phone = push.subscribe();
        register(bob, laptop);
        api.post("/api/v1/me/devices", phoneToken, phone.registration()).expect(201);
        String[] m = message(ann, bob, "before the change");
        notify(verdict(bob, m, NotificationNeeded.MESSAGE, true, ann));
        Eventually.await("a push on each", WAIT, () -> push.receivedBy(laptop).size() == 1 && push.receivedBy(phone).size() == 1);

        api.call("PUT", "/api/v1/me/password", phoneToken, Map.of("current_password", "correct horse battery",
                "new_password", "a new horse battery staple")).expect(204);
        api.get("/api/v1/me", bob.token()).expect(401);
        String next = api.send(ann, m[0], "after the change").expect(201).body().get("id").asText();
        notify(verdict(bob, new String[] {m[0], next}, NotificationNeeded.MESSAGE, true, ann));
        Eventually.await("the phone's push", WAIT, () -> push.receivedBy(phone).size() == 2);
        Eventually.sleep(Duration.ofMillis(300));
        assertThat(push.receivedBy(laptop)).as("the signed-out laptop's pushes").hasSize(1);
    }

    @Test
    void aMessageTheRecipientCannotSeeIsNeverPushed() {
        Person ann = api.signUp("ann_wp3");
        Person bob = api.signUp("bob_wp3");
        Person eve = api.signUp("eve_wp3");
        PushService.Browser evesBrowser = push.subscribe();
        register(eve, evesBrowser);
        String[] m = message(ann, bob, "for bob only");
        notify(verdict(eve, m, NotificationNeeded.MESSAGE, true, ann)); // a wrong verdict must not leak
        PushService.Browser bobs = push.subscribe();
        register(bob, bobs);
        notify(verdict(bob, m, NotificationNeeded.MESSAGE, true, ann));
        Eventually.await("bob's push", WAIT, () -> push.receivedBy(bobs).size() == 1);
        assertThat(push.receivedBy(evesBrowser)).isEmpty();
    }

    @Test
    void aSubscriptionThePushServiceCallsGoneIsRemoved() {
        Person ann = api.signUp("ann_wp4");
        Person bob = api.signUp("bob_wp4");
        PushService.Browser gone = push.subscribe();
        PushService.Browser kept = push.subscribe();
        String goneId = register(bob, gone);
        register(bob, kept);
        push.answer(gone, new PushService.Answer(410, Map.of()));
        notify(verdict(bob, message(ann, bob, "still there?"), NotificationNeeded.MESSAGE, true, ann));
        Eventually.await("the 410 handled", WAIT, () -> api.get("/api/v1/me/devices", bob.token()).body()
                .get("items").findValuesAsText("id").stream().noneMatch(goneId::equals));
        assertThat(api.get("/api/v1/me/devices", bob.token()).body().get("items")).hasSize(1);
        // The two pushes go out side by side: the kept one may land after the gone one's 410 was handled.
        Eventually.await("the kept subscription's push", WAIT, () -> push.receivedBy(kept).size() == 1);
        // Another message does not go to the removed subscription.
        notify(verdict(bob, message(ann, bob, "again"), NotificationNeeded.MESSAGE, true, ann));
        Eventually.await("the next push", WAIT, () -> push.receivedBy(kept).size() == 2);
        assertThat(push.receivedBy(gone)).hasSize(1);
    }

    @Test
    void tooManyRequestsWaitsForRetryAfterAndAFailureIsRetried() {
        Person ann = api.signUp("ann_wp5");
        Person bob = api.signUp("bob_wp5");
        PushService.Browser busy = push.subscribe();
        PushService.Browser flaky = push.subscribe();
        register(bob, busy);
        register(bob, flaky);
        push.answer(busy, new PushService.Answer(429, Map.of("Retry-After", "2")));
        push.answer(flaky, new PushService.Answer(503, Map.of()), new PushService.Answer(500, Map.of()));
        notify(verdict(bob, message(ann, bob, "patience"), NotificationNeeded.MESSAGE, true, ann));
        Eventually.await("delivered after the 429", WAIT, () -> push.receivedBy(busy).size() == 2);
        Eventually.await("delivered after two failures", WAIT, () -> push.receivedBy(flaky).size() == 3);
        List<PushService.Received> tries = push.receivedBy(busy);
        assertThat(tries.get(0).answered()).isEqualTo(429);
        assertThat(tries.get(1).answered()).isEqualTo(201);
        // Nothing was sent again before Retry-After ran out. The node schedules on its wall clock in
        // milliseconds and the receiver times arrivals on nanoTime: allow the two clocks' grain.
        assertThat(Duration.ofNanos(tries.get(1).nanos() - tries.get(0).nanos()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2).minusMillis(20));
        assertThat(push.receivedBy(flaky).get(2).answered()).isEqualTo(201);
        Eventually.sleep(Duration.ofMillis(500));
        assertThat(push.receivedBy(busy)).hasSize(2);
        assertThat(push.receivedBy(flaky)).hasSize(3);
    }

    @Test
    void devicesAreRegisteredOnceListedAndOnlyTheirOwnerSeesOrRemovesThem() {
        Person bob = api.signUp("bob_wp6");
        Person eve = api.signUp("eve_wp6");
        PushService.Browser b = push.subscribe();
        Res first = api.post("/api/v1/me/devices", bob.token(), b.registration()).expect(201);
        String id = first.body().get("id").asText();
        assertThat(first.body().get("kind").asText()).isEqualTo("webpush");
        assertThat(first.body().get("endpoint").asText()).isEqualTo(b.endpoint());
        Res again = api.post("/api/v1/me/devices", bob.token(), b.registration()).expect(200);
        assertThat(again.body().get("id").asText()).isEqualTo(id);
        assertThat(api.get("/api/v1/me/devices", bob.token()).body().get("items")).hasSize(1);

        // Eve sees none of Bob's devices and cannot remove one: the same 404 as an unknown id.
        assertThat(api.get("/api/v1/me/devices", eve.token()).body().get("items")).isEmpty();
        Res hers = api.delete("/api/v1/me/devices/" + id, eve.token());
        Res unknown = api.delete("/api/v1/me/devices/d-00000000000000000000", eve.token());
        assertThat(hers.status()).isEqualTo(404);
        assertThat(hers.body()).isEqualTo(unknown.body());
        assertThat(api.get("/api/v1/me/devices", bob.token()).body().get("items")).hasSize(1);

        api.delete("/api/v1/me/devices/" + id, bob.token()).expect(204);
        assertThat(api.get("/api/v1/me/devices", bob.token()).body().get("items")).isEmpty();
        assertThat(api.get("/api/v1/me/devices", null).status()).isEqualTo(401);
    }

    @Test
    void theSameBrowserSignedInAsSomeoneElseMovesToThem() {
        Person bob = api.signUp("bob_wp7");
        Person cat = api.signUp("cat_wp7");
        PushService.Browser shared = push.subscribe();
        register(bob, shared);
        register(cat, shared);
        assertThat(api.get("/api/v1/me/devices", bob.token()).body().get("items")).isEmpty();
        assertThat(api.get("/api/v1/me/devices", cat.token()).body().get("items")).hasSize(1);
    }

    @Test
    void badSubscriptionsAreRefusedWithAStableCode() {
        Person bob = api.signUp("bob_wp8");
        PushService.Browser b = push.subscribe();
        byte[] off = java.util.Base64.getUrlDecoder().decode(b.p256dh());
        off[64] ^= 1;
        String offCurve = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(off);
        List<Object> bad = List.of(
                Map.of("kind", "webpush"),
                Map.of("kind", "carrier-pigeon", "token", "abcdefgh1234"),
                sub(b.endpoint(), offCurve, b.auth()),
                sub(b.endpoint(), b.p256dh().substring(4), b.auth()),
                sub(b.endpoint(), b.p256dh(), "c2hvcnQ"),
                sub(b.endpoint(), b.p256dh(), "not base64!"));
        for (Object body : bad) {
            Res r = api.post("/api/v1/me/devices", bob.token(), body);
            assertThat(r.status()).as(body.toString()).isEqualTo(422);
            assertThat(r.contentType()).contains("application/problem+json");
            assertThat(r.code()).isEqualTo("validation_failed");
        }
        for (String url : List.of("ftp://127.0.0.1/push/x", "http://0x7f.1/push/x", "http://user:pw@127.0.0.1/push")) {
            Res r = api.post("/api/v1/me/devices", bob.token(), sub(url, b.p256dh(), b.auth()));
            assertThat(r.status()).as(url).isEqualTo(422);
            assertThat(r.code()).isEqualTo("url_not_allowed");
        }
        Res fcm = api.post("/api/v1/me/devices", bob.token(), Map.of("kind", "fcm", "token", "fcm-token-123456"));
        assertThat(fcm.status()).isEqualTo(422);
        assertThat(fcm.code()).isEqualTo("no_app_for_push");
        assertThat(api.get("/api/v1/me/devices", bob.token()).body().get("items")).isEmpty();
    }

    @Test
    void anAccountHoldsAtMost25Devices() {
        Person bob = api.signUp("bob_wp9");
        for (int i = 0; i < Devices.MAX_PER_ACCOUNT; i++) {
            register(bob, push.subscribe());
        }
        Res over = api.post("/api/v1/me/devices", bob.token(), push.subscribe().registration());
        assertThat(over.status()).isEqualTo(422);
        assertThat(over.code()).isEqualTo("too_many_devices");
        assertThat(api.get("/api/v1/me/devices", bob.token()).body().get("items")).hasSize(Devices.MAX_PER_ACCOUNT);
    }

    @Test
    void aSlowPushServiceDoesNotHoldBackOthers() {
        Person ann = api.signUp("ann_wp10");
        Person bob = api.signUp("bob_wp10");
        Person cat = api.signUp("cat_wp10");
        PushService.Browser slow = push.subscribe();
        PushService.Browser fast = push.subscribe();
        register(bob, slow);
        register(cat, fast);
        push.answer(slow, new PushService.Answer(201, Map.of(), 4000));
        notify(verdict(bob, message(ann, bob, "first, to a slow service"), NotificationNeeded.MESSAGE, true, ann));
        String[] second = message(ann, cat, "second, to a fast one"); // the slow push is under way meanwhile
        notify(verdict(cat, second, NotificationNeeded.MESSAGE, true, ann));
        Eventually.await("the fast push", WAIT, () -> push.receivedBy(fast).size() == 1);
        assertThat(push.receivedBy(slow)).isEmpty(); // still answering
        Eventually.await("the slow push", WAIT, () -> push.receivedBy(slow).size() == 1);
    }

    private static Map<String, Object> sub(String endpoint, String p256dh, String auth) {
        return Map.of("kind", "webpush", "subscription", Map.of("endpoint", endpoint, "keys", Map.of("p256dh", p256dh, "auth", auth)));
    }
}
