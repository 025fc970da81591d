package dev.parley.cluster;

import dev.parley.testing.RedisServer;
import dev.parley.testing.TestNode;
import dev.parley.testing.TestStores;
import dev.parley.notify.NotificationSink;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Two nodes on one PostgreSQL schema, joined by a private Redis: the smallest cluster. Public for
 * the SDK's tests (dev.parley.client), which fail over between its nodes.
 */
public final class Cluster implements AutoCloseable {
    final RedisServer redis = RedisServer.start();
    final String pg = TestStores.freshPostgresSchema();
    final Map<String, String> extra;
    final List<NotificationSink> sinks;
    public final TestNode a;
    public final TestNode b;

    public Cluster() {
        this(Map.of());
    }

    /** @param extra settings both nodes get besides the shared store and Redis */
    Cluster(Map<String, String> extra) {
        this(extra, List.of());
    }

    /** @param sinks hear every node's notification verdicts */
    Cluster(Map<String, String> extra, List<NotificationSink> sinks) {
        this.sinks = sinks;
        this.extra = extra;
        this.a = node();
        this.b = node();
    }

    /** Another node of this cluster; the caller closes it. */
    TestNode node() {
        Map<String, String> s = new HashMap<>(extra);
        s.putAll(Map.of("database_url", pg, "database_pool_size", "8", "redis_url", redis.url()));
        return TestNode.start(s, java.time.Clock.systemUTC(), sinks);
    }

    @Override
    public void close() {
        a.close();
        b.close();
        redis.close();
        TestStores.dropSchema(pg);
    }
}
