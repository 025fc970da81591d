package dev.parley.appevents;

import dev.parley.cluster.Redis;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "App X's feed moved", told to this node at once and, through Redis when there is one, to every
 * other node, so their long-polls and webhook dispatchers look now. Only a nudge: a lost one costs
 * a delay (long-polls check the store every second, dispatchers every 200 ms), never an event.
 */
final class FeedSignal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FeedSignal.class);
    static final String CHANNEL = "parley:app-events";

    private final Consumer<String> local;
    private final Optional<Redis> redis;
    private final Optional<StatefulRedisPubSubConnection<String, String>> sub;

    /** @param local what this node does when an app's feed moved (wake its long-polls, nudge its dispatcher) */
    FeedSignal(Optional<Redis> redis, Consumer<String> local) {
        this.local = local;
        this.redis = redis;
        this.sub = redis.map(r -> {
            StatefulRedisPubSubConnection<String, String> c = r.pubSub();
            c.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String appId) {
                    local.accept(appId);
                }
            });
            c.async().subscribe(r.channel(CHANNEL));
            return c;
        });
    }

    /** The app's feed moved on this node: wake here, and tell the others. */
    void moved(String appId) {
        local.accept(appId);
        redis.ifPresent(r -> {
            try {
                r.async().publish(r.channel(CHANNEL), appId);
            } catch (RuntimeException e) {
                LOG.debug("could not publish an app feed nudge; other nodes find it by polling", e);
            }
        });
    }

    @Override
    public void close() {
        sub.ifPresent(StatefulRedisPubSubConnection::close);
    }
}
