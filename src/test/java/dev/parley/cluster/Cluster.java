package dev.parley.cluster;

import dev.parley.testing.RedisServer;
import dev.parley.testing.TestNode;
import dev.parley.testing.TestStores;
import java.util.Map;

/** Two nodes on one PostgreSQL schema, joined by a private Redis: the smallest cluster. */
final class Cluster implements AutoCloseable {
    final RedisServer redis = RedisServer.start();
    final String pg = TestStores.freshPostgresSchema();
    final TestNode a = node();
    final TestNode b = node();

    private TestNode node() {
        return TestNode.start(Map.of("database_url", pg, "database_pool_size", "8", "redis_url", redis.url()));
    }

    @Override
    public void close() {
        a.close();
        b.close();
        redis.close();
        TestStores.dropSchema(pg);
    }
}
