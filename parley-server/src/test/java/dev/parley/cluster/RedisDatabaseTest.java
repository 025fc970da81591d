package dev.parley.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Eventually;
import dev.parley.testing.Logs;
import dev.parley.testing.RedisServer;
import dev.parley.testing.TestNode;
import dev.parley.testing.TestStores;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A cluster whose Redis URL names a database shares that Redis with others (production and
 * staging, each its own database): Redis's publish/subscribe ignores databases, so the nudges,
 * message text riding along, reached every subscriber of the bare channel on the server. And a
 * node's clean stop logged "lost Redis" at WARN, the words of a real outage.
 */
@Tag("postgres-only")
class RedisDatabaseTest {
    @Test
    void aClusterOnAnotherDatabaseKeepsItsSignalsToItselfAndStopsWithoutAnOutageWarning() {
        String pg = TestStores.freshPostgresSchema();
        try (RedisServer redis = RedisServer.start()) {
            RedisClient listener = RedisClient.create(redis.url());
            List<String> bare = new CopyOnWriteArrayList<>();
            List<String> own = new CopyOnWriteArrayList<>();
            try (StatefulRedisPubSubConnection<String, String> sub = listener.connectPubSub()) {
                sub.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String channel, String message) {
                        (channel.equals("parley:signals") ? bare : own).add(message);
                    }
                });
                sub.sync().subscribe("parley:signals", "parley:signals:db5");
                TestNode node = TestNode.start(Map.of("database_url", pg, "redis_url", redis.url() + "/5",
                        "inbox.triage", "off"));
                List<ILoggingEvent> warnings;
                try {
                    Person ann = node.api.signUp("ann_db5");
                    Person bob = node.api.signUp("bob_db5");
                    node.api.setDmPolicy(bob, "everyone");
                    String dm = node.api.open(ann, bob);
                    node.api.send(ann, dm, "staging must not read this").expect(201);
                    Eventually.await("the nudge on the cluster's own channel", Duration.ofSeconds(10),
                            () -> !own.isEmpty());
                } finally {
                    warnings = Logs.warningsWhile(node::close);
                }
                assertThat(own).anyMatch(m -> m.contains("staging must not read this"));
                assertThat(bare).as("what a cluster on database 0 hears").isEmpty();
                assertThat(warnings).extracting(ILoggingEvent::getFormattedMessage)
                        .noneMatch(m -> m.contains("lost Redis"));
            } finally {
                listener.shutdown();
            }
        } finally {
            TestStores.dropSchema(pg);
        }
    }
}
