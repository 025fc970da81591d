package dev.parley.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.notify.NotificationNeeded;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Socket;
import dev.parley.testing.Verdicts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The notification decision on two nodes sharing PostgreSQL and Redis: both nodes decide, but a
 * pending row is claimed by one, so a message yields one notification; and a visible socket on
 * one node holds back what either node decides.
 */
@Tag("postgres-only")
class NotifyClusterTest {
    static final Duration WAIT = Duration.ofSeconds(15);
    static final Verdicts verdicts = new Verdicts();
    static Cluster cluster;
    static int n;

    @BeforeAll
    static void up() {
        cluster = new Cluster(Map.of("notify.delay", "1s"), List.of(verdicts));
    }

    @AfterAll
    static void down() {
        cluster.close();
    }

    private static Person person(Api api, String name) {
        return api.signUp(name + "_nc" + (++n));
    }

    private static String friends(Person a, Person b) {
        cluster.a.api.follow(a, b);
        cluster.a.api.follow(b, a);
        return cluster.a.api.open(a, b);
    }

    /** Waits until a notification sent now has gone out: whatever was due before it was decided. */
    private static void settled() {
        Person x = person(cluster.b.api, "pinger");
        Person y = person(cluster.b.api, "pinged");
        String c = friends(x, y);
        cluster.b.api.send(x, c, "ping").expect(201);
        verdicts.await(y.id(), c, WAIT);
    }

    @Test
    void twoNodesMakeOneNotificationPerConversation() {
        Person ann = person(cluster.a.api, "ann");
        List<Person> recipients = new ArrayList<>();
        List<String> conversations = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Person bob = person(cluster.b.api, "bob");
            recipients.add(bob);
            conversations.add(friends(ann, bob));
        }
        for (int i = 0; i < 6; i++) {
            // Sends through both nodes: each node writes the rows of what it committed.
            Api through = i % 2 == 0 ? cluster.a.api : cluster.b.api;
            through.send(ann, conversations.get(i), "one").expect(201);
            through.send(ann, conversations.get(i), "two").expect(201);
        }
        for (int i = 0; i < 6; i++) {
            verdicts.await(recipients.get(i).id(), conversations.get(i), WAIT);
        }
        settled();
        for (int i = 0; i < 6; i++) {
            assertThat(verdicts.of(recipients.get(i).id(), conversations.get(i))).hasSize(1);
        }
    }

    @Test
    void aVisibleSocketOnOneNodeHoldsBackWhatEitherNodeDecides() {
        Person ann = person(cluster.a.api, "ann");
        List<Person> recipients = new ArrayList<>();
        List<String> conversations = new ArrayList<>();
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                Person bob = person(cluster.b.api, "bob");
                recipients.add(bob);
                conversations.add(friends(ann, bob));
                sockets.add(Socket.open(cluster.b, bob.token()));
            }
            // Sent through A; whichever node claims each row must see the socket on B.
            for (int i = 0; i < 6; i++) {
                cluster.a.api.send(ann, conversations.get(i), "you're here").expect(201);
            }
            settled();
            for (int i = 0; i < 6; i++) {
                assertThat(verdicts.of(recipients.get(i).id(), conversations.get(i))).isEmpty();
            }

            sockets.get(0).send("{\"type\":\"visibility\",\"visible\":false}");
            cluster.a.api.send(ann, conversations.get(0), "and now you're not").expect(201);
            verdicts.await(recipients.get(0).id(), conversations.get(0), WAIT);
        } finally {
            sockets.forEach(Socket::close);
        }
    }

    @Test
    void aRedisOutageLosesNoPendingNotification() {
        Verdicts mine = new Verdicts();
        try (Cluster other = new Cluster(Map.of("notify.delay", "1s"), List.of(mine))) {
            Person ann = other.a.api.signUp("ann_out_nc");
            Person bob = other.a.api.signUp("bob_out_nc");
            other.a.api.follow(ann, bob);
            other.a.api.follow(bob, ann);
            String dm = other.a.api.open(ann, bob);
            other.redis.stop();
            try {
                other.a.api.send(ann, dm, "while Redis is away").expect(201);
                NotificationNeeded v = mine.await(bob.id(), dm, WAIT);
                assertThat(v.unread()).isEqualTo(1);
            } finally {
                other.redis.up();
            }
            assertThat(mine.of(bob.id(), dm)).hasSize(1);
        }
    }
}
