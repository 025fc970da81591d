package dev.parley.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Eventually;
import dev.parley.testing.Socket;
import dev.parley.testing.TestNode;
import dev.parley.testing.Verdicts;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The decision over time, with a {@code notify.delay} long enough to act inside it: a burst
 * collapses to one notification, a visible socket holds it back until the client says the socket
 * is hidden, reading in time means none, a restart between a message and its due time still
 * yields it, once, and "at once" still collapses what follows.
 */
class NotifyTimingTest {
    static final Duration WAIT = Duration.ofSeconds(15);
    /** The collapse as short as the delay, so "held back" below is not just the collapse window. */
    static final Map<String, String> SETTINGS = Map.of("notify.delay", "1500ms", "notify.collapse", "1500ms");
    static final Verdicts verdicts = new Verdicts();
    static TestNode node;
    static Api api;
    static int n;
    Person ann;
    Person bob;
    String dm;

    @BeforeAll
    static void start() {
        node = TestNode.start(SETTINGS, Clock.systemUTC(), List.of(verdicts));
        api = node.api;
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @BeforeEach
    void friends() {
        ann = person(api, "ann");
        bob = person(api, "bob");
        dm = dmOf(api, ann, bob);
    }

    static Person person(Api api, String name) {
        return api.signUp(name + (++n));
    }

    /** The one-to-one conversation of two people who follow each other. */
    static String dmOf(Api api, Person a, Person b) {
        api.befriend(a, b);
        return api.open(a, b);
    }

    /** Waits until a notification sent now has gone out: whatever was due before it was decided. */
    static void settled(Api api, Verdicts verdicts) {
        Person x = person(api, "pinger");
        Person y = person(api, "pinged");
        String c = dmOf(api, x, y);
        api.send(x, c, "ping").expect(201);
        verdicts.await(y.id(), c, WAIT);
    }

    @Test
    void aBurstOfMessagesToAnAwayMemberMakesExactlyOneNotification() {
        for (int i = 1; i <= 5; i++) {
            api.send(ann, dm, "message " + i).expect(201);
        }
        NotificationNeeded v = verdicts.await(bob.id(), dm, WAIT);
        assertThat(v.unread()).isEqualTo(5);
        assertThat(v.messageId()).endsWith(".5");
        settled(api, verdicts);
        assertThat(verdicts.of(bob.id(), dm)).hasSize(1);
    }

    @Test
    void aVisibleSocketHoldsTheNotificationBackUntilItIsHidden() {
        try (Socket bobs = Socket.open(node, bob.token())) {
            api.send(ann, dm, "you're looking at it").expect(201);
            settled(api, verdicts);
            assertThat(verdicts.of(bob.id(), dm)).isEmpty();

            bobs.send("{\"type\":\"visibility\",\"visible\":false}");
            api.send(ann, dm, "and now you're not").expect(201);
            verdicts.await(bob.id(), dm, WAIT);

            // Shown again: held back again.
            bobs.send("{\"type\":\"visibility\",\"visible\":true}");
            int before = verdicts.of(bob.id(), dm).size();
            Eventually.sleep(Duration.ofMillis(1600)); // the collapse window after the last notification
            api.send(ann, dm, "back again").expect(201);
            settled(api, verdicts);
            assertThat(verdicts.of(bob.id(), dm)).hasSize(before);
        }
    }

    @Test
    void aBadVisibilityFrameIsRefusedOnTheStream() {
        try (Socket bobs = Socket.open(node, bob.token())) {
            bobs.send("{\"type\":\"visibility\",\"visible\":\"no\"}");
            var error = bobs.await(f -> "error".equals(f.path("type").asText()));
            assertThat(error.at("/problem/code").asText()).isEqualTo("validation_failed");
        }
    }

    @Test
    void readingBeforeTheDelayMeansNoNotification() {
        api.send(ann, dm, "quick question").expect(201);
        api.post("/api/v1/conversations/" + dm + "/read", bob.token(), Map.of("seq", 1)).expect(200);
        settled(api, verdicts);
        assertThat(verdicts.of(bob.id(), dm)).isEmpty();
    }

    /**
     * {@code notify.delay} 0 tells the first message at once; the messages that follow within
     * {@code notify.collapse} are told by one notification when it ends, carrying the newest.
     */
    @Test
    void atOnceTellsTheFirstMessageAndCollapsesTheNextOnesIntoOneAfterTheWindow() {
        Verdicts mine = new Verdicts();
        try (TestNode quick = TestNode.start(Map.of("notify.delay", "0", "notify.collapse", "3s"), Clock.systemUTC(),
                List.of(mine))) {
            Person eve = person(quick.api, "eve");
            Person fay = person(quick.api, "fay");
            String c = dmOf(quick.api, eve, fay);
            quick.api.send(eve, c, "first").expect(201);
            NotificationNeeded first = mine.await(fay.id(), c, WAIT);
            assertThat(first.messageId()).endsWith(".1");

            for (int i = 2; i <= 4; i++) {
                quick.api.send(eve, c, "more " + i).expect(201);
            }
            NotificationNeeded next = Eventually.await("the collapsed notification", WAIT, () -> mine.of(fay.id(), c),
                    l -> l.size() >= 2).get(1);
            assertThat(next.messageId()).endsWith(".4");
            assertThat(next.unread()).isEqualTo(4);
            // Not before the window: the second is at least the collapse after the first.
            assertThat(Duration.between(first.at(), next.at())).isGreaterThanOrEqualTo(Duration.ofMillis(2_900));
            assertThat(mine.of(fay.id(), c)).hasSize(2);
        }
    }

    /** A decided row is kept for the whole window, so the minute's prune of old rows does not cut it short. */
    @Test
    void theCollapseWindowOutlastsThePruneOfDecidedRows() {
        dev.parley.testing.MutableClock clock = new dev.parley.testing.MutableClock(java.time.Instant.now());
        Verdicts mine = new Verdicts();
        try (TestNode quick = TestNode.start(Map.of("notify.delay", "0", "notify.collapse", "5m"), clock,
                List.of(mine))) {
            Person gus = person(quick.api, "gus");
            Person hal = person(quick.api, "hal");
            String c = dmOf(quick.api, gus, hal);
            quick.api.send(gus, c, "first").expect(201);
            mine.await(hal.id(), c, WAIT);

            clock.advance(Duration.ofMinutes(2)); // past the minute between two prunes, inside the window
            Eventually.sleep(Duration.ofMillis(600)); // a few decision passes: the prune runs on the first
            quick.api.send(gus, c, "second").expect(201);
            settled(quick.api, mine);
            assertThat(mine.of(hal.id(), c)).hasSize(1);

            clock.advance(Duration.ofMinutes(3));
            NotificationNeeded next = Eventually.await("the window's end", WAIT, () -> mine.of(hal.id(), c),
                    l -> l.size() >= 2).get(1);
            assertThat(next.messageId()).endsWith(".2");
        }
    }

    @Test
    void aRestartBetweenTheMessageAndItsDueTimeStillNotifiesOnce() {
        Verdicts mine = new Verdicts();
        TestNode first = TestNode.start(Map.of("notify.delay", "3s"), Clock.systemUTC(), List.of(mine));
        TestNode second = null;
        try {
            Person cat = person(first.api, "cat");
            Person dan = person(first.api, "dan");
            String c = dmOf(first.api, cat, dan);
            first.api.send(cat, c, "before the restart").expect(201);
            second = first.restart();
            mine.await(dan.id(), c, WAIT);
            settled(second.api, mine);
            assertThat(mine.of(dan.id(), c)).hasSize(1);
        } finally {
            if (second != null) {
                second.close();
            } else {
                first.close();
            }
        }
    }
}
