package dev.parley.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.TestNode;
import dev.parley.testing.Verdicts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the one notification decision lets through, with {@code notify.delay} 0: who is never
 * notified (the sender, blocked senders, muted conversations, level none, quiet hours), what level
 * {@code mentions} lets through, and how a message request is told (without text).
 *
 * <p>A "none" is checked after a later notification for someone else arrived: the node decides
 * due rows in due order, so by then the earlier one was decided.
 */
class NotifyDecisionTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final Verdicts verdicts = new Verdicts();
    static TestNode node;
    static Api api;
    static int n;
    Person ann;
    Person bob;
    String dm;

    @BeforeAll
    static void start() {
        node = TestNode.start(Map.of("notify.delay", "0"), Clock.systemUTC(), List.of(verdicts));
        api = node.api;
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @BeforeEach
    void friends() {
        ann = person("ann");
        bob = person("bob");
        api.befriend(ann, bob);
        dm = api.open(ann, bob);
    }

    static Person person(String name) {
        return api.signUp(name + (++n));
    }

    /** Waits until a later, unrelated notification went out: everything due before it was decided. */
    static void settled() {
        Person x = person("pinger");
        Person y = person("pinged");
        api.befriend(x, y);
        String c = api.open(x, y);
        api.send(x, c, "ping").expect(201);
        verdicts.await(y.id(), c, WAIT);
    }

    private void assertNoneFor(Person p, String conversationId) {
        settled();
        assertThat(verdicts.of(p.id(), conversationId)).isEmpty();
    }

    private void setPreferences(Person p, Object body) {
        api.call("PUT", "/api/v1/me/notifications", p.token(), body).expect(200);
    }

    @Test
    void anAwayMemberIsToldOfAMessageWithItsUnreadCounts() {
        api.send(ann, dm, "hi bob").expect(201);
        NotificationNeeded v = verdicts.await(bob.id(), dm, WAIT);
        assertThat(v.kind()).isEqualTo(NotificationNeeded.MESSAGE);
        assertThat(v.senderId()).isEqualTo(ann.id());
        assertThat(v.unread()).isEqualTo(1);
        assertThat(v.totalUnread()).isEqualTo(1);
        assertThat(v.showText()).isTrue();
        assertThat(v.messageId()).isEqualTo(api.get("/api/v1/conversations/" + dm, bob.token()).body()
                .at("/last_message/id").asText());
        assertNoneFor(ann, dm); // the sender is never told of their own message
    }

    @Test
    void aBlockedSenderNeverNotifies() {
        Person cat = person("cat");
        api.befriend(ann, cat);
        api.befriend(bob, cat);
        String group = api.open(cat, ann, bob);
        api.put("/api/v1/accounts/" + ann.id() + "/block", bob.token()).expect(200);
        api.send(ann, group, "hello all").expect(201);
        verdicts.await(cat.id(), group, WAIT);
        assertNoneFor(bob, group);
    }

    @Test
    void aMutedConversationNeverNotifiesUntilTheMuteEnds() {
        api.call("PUT", "/api/v1/conversations/" + dm + "/notifications", bob.token(),
                Map.of("muted_until", Instant.now().plus(Duration.ofHours(1)).toString())).expect(200);
        api.send(ann, dm, "muted for an hour").expect(201);
        assertNoneFor(bob, dm);

        api.call("PUT", "/api/v1/conversations/" + dm + "/notifications", bob.token(),
                Map.of("muted_until", "forever")).expect(200);
        api.send(ann, dm, "muted for ever").expect(201);
        assertNoneFor(bob, dm);

        api.call("PUT", "/api/v1/conversations/" + dm + "/notifications", bob.token(),
                mapOfNull("muted_until")).expect(200);
        api.send(ann, dm, "not muted").expect(201);
        verdicts.await(bob.id(), dm, WAIT);
    }

    @Test
    void levelNoneNeverNotifies() {
        setPreferences(bob, Map.of("level", "none"));
        api.send(ann, dm, "anyone?").expect(201);
        assertNoneFor(bob, dm);
    }

    @Test
    void levelMentionsLetsThroughDirectMessagesRepliesAndMentions() {
        setPreferences(bob, Map.of("level", "mentions"));
        Person cat = person("cat");
        api.befriend(ann, cat);
        api.befriend(bob, cat);
        String group = api.open(ann, bob, cat);
        api.send(ann, group, "lunch, anyone?").expect(201);
        verdicts.await(cat.id(), group, WAIT);
        assertNoneFor(bob, group);

        api.send(ann, group, "what do you think, @" + bob.handle() + "?").expect(201);
        assertThat(verdicts.await(bob.id(), group, WAIT).kind()).isEqualTo(NotificationNeeded.MESSAGE);

        // A reply to bob's own message, in another group, also gets through.
        String other = api.open(cat, ann, bob);
        String bobs = api.send(bob, other, "I'm in").expect(201).body().get("id").asText();
        api.post("/api/v1/conversations/" + other + "/messages", cat.token(),
                Map.of("client_id", "r1", "text", "great", "reply_to", bobs)).expect(201);
        verdicts.await(bob.id(), other, WAIT);

        api.send(ann, dm, "a direct message always counts").expect(201);
        verdicts.await(bob.id(), dm, WAIT);
    }

    @Test
    void quietHoursHoldNotificationsBack() {
        DateTimeFormatter hhmm = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
        Instant now = Instant.now();
        setPreferences(bob, Map.of("quiet_hours", Map.of("start", hhmm.format(now.minus(Duration.ofHours(1))),
                "end", hhmm.format(now.plus(Duration.ofHours(1))), "time_zone", "UTC")));
        api.send(ann, dm, "psst").expect(201);
        assertNoneFor(bob, dm);

        setPreferences(bob, Map.of("quiet_hours", Map.of("start", hhmm.format(now.plus(Duration.ofHours(2))),
                "end", hhmm.format(now.plus(Duration.ofHours(3))), "time_zone", "UTC")));
        api.send(ann, dm, "now?").expect(201);
        verdicts.await(bob.id(), dm, WAIT);
    }

    @Test
    void aMessageRequestIsToldWithoutItsText() {
        Person stranger = person("stranger");
        String request = api.open(stranger, bob);
        api.send(stranger, request, "hello from a stranger").expect(201);
        NotificationNeeded v = verdicts.await(bob.id(), request, WAIT);
        assertThat(v.kind()).isEqualTo(NotificationNeeded.REQUEST);
        assertThat(v.showText()).isFalse();
    }

    @Test
    void showTextOffIsCarriedInTheVerdict() {
        setPreferences(bob, Map.of("show_text", false));
        api.send(ann, dm, "secret").expect(201);
        NotificationNeeded v = verdicts.await(bob.id(), dm, WAIT);
        assertThat(v.kind()).isEqualTo(NotificationNeeded.MESSAGE);
        assertThat(v.showText()).isFalse();
    }

    static Map<String, Object> mapOfNull(String key) {
        Map<String, Object> m = new java.util.HashMap<>();
        m.put(key, null);
        return m;
    }
}
