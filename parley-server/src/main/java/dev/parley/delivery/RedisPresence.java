package dev.parley.delivery;

import dev.parley.lifecycle.Threads;
import dev.parley.cluster.Redis;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence shared through Redis: for each person online somewhere, a sorted set of the nodes
 * holding a socket for them, each scored with when its claim lapses. A node renews its claims
 * every {@value #RENEW_SECONDS} s, so the claims of a node that died lapse within
 * {@value #LAPSE_SECONDS} s. While Redis is away a node still knows its own sockets.
 */
public final class RedisPresence implements Presence.Directory {
    private static final Logger LOG = LoggerFactory.getLogger(RedisPresence.class);
    private static final int RENEW_SECONDS = 10;
    private static final int LAPSE_SECONDS = 30;

    private final Redis redis;
    private final String nodeId;
    private final Clock clock;
    private final Set<String> here = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;

    RedisPresence(Redis redis, String nodeId, Clock clock) {
        this.redis = redis;
        this.nodeId = nodeId;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(Threads.daemon("parley-presence"));
        timer.scheduleWithFixedDelay(this::renew, RENEW_SECONDS, RENEW_SECONDS, TimeUnit.SECONDS);
    }

    /** The directory for a node in a cluster. */
    public static Presence.Directory of(Redis redis, String nodeId, Clock clock) {
        return new RedisPresence(redis, nodeId, clock);
    }

    @Override
    public void online(String personId) {
        here.add(personId);
        claim(personId);
    }

    @Override
    public void offline(String personId) {
        here.remove(personId);
        try {
            redis.async().zrem(key(personId), nodeId);
        } catch (RuntimeException e) {
            LOG.debug("presence not shared while Redis is away", e);
        }
    }

    @Override
    public boolean elsewhere(String personId) {
        try {
            return redis.sync().zrangebyscore(key(personId), io.lettuce.core.Range.create(clock.millis(), Long.MAX_VALUE))
                    .stream().anyMatch(node -> !node.equals(nodeId));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void claim(String personId) {
        try {
            redis.async().zadd(key(personId), clock.millis() + LAPSE_SECONDS * 1000L, nodeId);
            redis.async().expire(key(personId), LAPSE_SECONDS * 2L);
        } catch (RuntimeException e) {
            LOG.debug("presence not shared while Redis is away", e);
        }
    }

    private void renew() {
        here.forEach(this::claim);
    }

    private static String key(String personId) {
        return "parley:online:" + personId;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        here.forEach(this::offline);
    }
}
