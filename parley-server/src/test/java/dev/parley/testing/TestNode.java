package dev.parley.testing;

import dev.parley.Node;
import dev.parley.config.Settings;
import dev.parley.delivery.LocalBroadcast;
import dev.parley.notify.NotificationSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real node on port 0 with a store of its own: a temporary SQLite directory, or a fresh
 * PostgreSQL schema when the suite runs on PostgreSQL. Closing it removes the store.
 */
public final class TestNode implements AutoCloseable {
    private final Node node;
    private final Path dataDir;
    private final String pgUrl;
    private final Map<String, String> settings;
    private final Clock clock;
    private final List<NotificationSink> sinks;
    private boolean handedOver;
    private boolean closed;
    public final Api api;

    private TestNode(Node node, Path dataDir, String pgUrl, Map<String, String> settings, Clock clock,
                     List<NotificationSink> sinks) {
        this.sinks = sinks;
        this.node = node;
        this.dataDir = dataDir;
        this.pgUrl = pgUrl;
        this.settings = settings;
        this.clock = clock;
        this.api = new Api("http://127.0.0.1:" + node.port());
    }

    public static TestNode start() {
        return start(Map.of());
    }

    public static TestNode start(Map<String, String> overrides) {
        return start(overrides, Clock.systemUTC());
    }

    public static TestNode start(Map<String, String> overrides, Clock clock) {
        return start(overrides, clock, List.of());
    }

    /** A node whose notification verdicts also go to {@code sinks} (a test's recorder); kept across {@link #restart()}. */
    public static TestNode start(Map<String, String> overrides, Clock clock, List<NotificationSink> sinks) {
        Map<String, String> s = new HashMap<>();
        s.put("port", "0");
        s.put("metrics.port", "0"); // nodes side by side: each its own free metrics port
        s.put("host", "127.0.0.1");
        s.put("password_hashing", "test");
        s.put("rate_limits", "off");
        String pg = null;
        Path dir;
        try {
            dir = Files.createTempDirectory("parley-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        s.put("data_dir", dir.toString());
        if (TestStores.postgres() && !overrides.containsKey("database_url")) {
            pg = TestStores.freshPostgresSchema();
            s.put("database_url", pg);
            s.put("database_pool_size", "8");
        }
        s.putAll(overrides);
        Node node = Node.start(Settings.of(s), clock, new LocalBroadcast()::forNode, sinks);
        return new TestNode(node, dir, pg, s, clock, sinks);
    }

    /**
     * Stops this node gracefully and starts a new one on the same store (on a new port): a
     * restart. The store now belongs to the returned node, which cleans it up on close.
     */
    public TestNode restart() {
        return restart(Map.of());
    }

    /** A restart with some settings changed (say, a worker switched on). */
    public TestNode restart(Map<String, String> changed) {
        node.close();
        handedOver = true;
        Map<String, String> next = new HashMap<>(settings);
        next.putAll(changed);
        Node started = Node.start(Settings.of(next), clock, new LocalBroadcast()::forNode, sinks);
        return new TestNode(started, dataDir, pgUrl, next, clock, sinks);
    }


    public Node node() {
        return node;
    }

    public int port() {
        return node.port();
    }

    public String wsUrl() {
        return "ws://127.0.0.1:" + node.port() + "/api/v1/stream";
    }

    /** Idempotent: a test may stop a node early (one of a cluster, say) and its fixture close it again. */
    @Override
    public void close() {
        if (handedOver || closed) {
            return;
        }
        closed = true;
        node.close();
        if (pgUrl != null) {
            TestStores.dropSchema(pgUrl);
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
