package dev.parley;

import dev.parley.config.Keys;
import dev.parley.config.Settings;
import dev.parley.delivery.Broadcast;
import dev.parley.delivery.LocalBroadcast;
import dev.parley.lifecycle.Lifecycle;
import dev.parley.notify.NotificationSink;
import dev.parley.store.Database;
import dev.parley.store.StoreModule;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * One Parley node: the composition root. It reads nothing but its settings and builds each
 * feature's module by hand, in dependency order; each module registers what it starts in the
 * node's {@link Lifecycle}, which starts them once all is wired and stops them in reverse (sockets
 * first, the store last).
 */
public final class Node implements AutoCloseable {
    private final Settings settings;
    private final String nodeId;
    private final Lifecycle life = new Lifecycle();
    private final Database db;
    private final Wiring.Wired wired;

    private Node(Settings settings, Clock clock, Function<String, Broadcast> broadcastForNode,
                 List<NotificationSink> sinks) {
        this.settings = settings;
        this.nodeId = settings.get(Keys.NODE_ID).isEmpty() ? UUID.randomUUID().toString() : settings.get(Keys.NODE_ID);
        try {
            this.db = StoreModule.open(settings, life);
            this.wired = new Wiring(settings, nodeId, db, life, sinks).wire(clock, broadcastForNode);
        } catch (RuntimeException | Error e) {
            life.close(); // what was built before the failure (the store, a Redis link) does not leak
            throw e;
        }
    }

    /** Opens the store, migrates it and starts serving; {@code broadcastForNode} links it to the others by node id. */
    public static Node start(Settings settings, Clock clock, Function<String, Broadcast> broadcastForNode) {
        return start(settings, clock, broadcastForNode, List.of());
    }

    /** As above, with sinks that hear the notification decision's verdicts (a test's recorder). */
    public static Node start(Settings settings, Clock clock, Function<String, Broadcast> broadcastForNode,
                             List<NotificationSink> sinks) {
        Node node = new Node(settings, clock, broadcastForNode, sinks);
        node.life.start();
        return node;
    }

    /** A node on the system clock, ticking in milliseconds: the precision the store keeps. */
    public static Node start(Settings settings) {
        return start(settings, Clock.tick(Clock.systemUTC(), Duration.ofMillis(1)), new LocalBroadcast()::forNode);
    }

    /** Every (method, path) the server answers: the OpenAPI test checks the document against it. */
    public List<String> routes() {
        return wired.server().routes();
    }

    public int port() {
        return wired.server().app().port();
    }

    /** The port /metrics is served on, unless metrics.port is off. */
    public java.util.OptionalInt metricsPort() {
        return wired.metrics().port();
    }

    /** Web Push's sink of notification verdicts (tests hand it verdicts directly). */
    public dev.parley.notify.NotificationSink webPush() {
        return wired.push().sink();
    }

    public String nodeId() {
        return nodeId;
    }

    public Settings settings() {
        return settings;
    }

    public Database database() {
        return db;
    }

    /** Graceful stop: sockets are told to reconnect elsewhere, in-flight requests finish, then the store closes. */
    @Override
    public void close() {
        life.close();
    }
}
