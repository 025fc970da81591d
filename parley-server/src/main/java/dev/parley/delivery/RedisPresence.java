package dev.parley.delivery;

import dev.parley.lifecycle.Threads;
import dev.parley.cluster.NodeLiveness;
import dev.parley.cluster.Redis;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence shared through Redis: for each person online somewhere, a sorted set of the node
 * instances holding a socket for them, each scored with when its claim lapses. A node renews its
 * claims every {@value #RENEW_SECONDS} s, so the claims of a node that died lapse within
 * {@value #LAPSE_SECONDS} s. While Redis is away a node still knows its own sockets.
 *
 * <p>A node that dies closes no socket, so nobody would tell its people's contacts they went
 * offline: each instance also keeps the set of people it holds, and the node that finds the
 * instance dead ({@link NodeLiveness}) drops its claims and tells {@link #whenGone} of each person
 * now online nowhere.
 */
public final class RedisPresence implements Presence.Directory {
    private static final Logger LOG = LoggerFactory.getLogger(RedisPresence.class);
    private static final int RENEW_SECONDS = 10;
    private static final int LAPSE_SECONDS = 30;

    private final Redis redis;
    /** This node's instance: the member its claims are made under. */
    private final String instance;
    private final Clock clock;
    private final Set<String> here = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;
    private final List<Consumer<String>> gone = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> back = new CopyOnWriteArrayList<>();

    RedisPresence(Redis redis, NodeLiveness liveness, Clock clock) {
        this.redis = redis;
        this.instance = liveness.instance();
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(Threads.daemon("parley-presence"));
        timer.scheduleWithFixedDelay(this::renew, RENEW_SECONDS, RENEW_SECONDS, TimeUnit.SECONDS);
        liveness.onDead(dead -> timer.execute(() -> clearDead(dead)));
        liveness.onRejoined(() -> timer.execute(this::rejoin));
    }

    /** The directory for a node in a cluster. */
    public static Presence.Directory of(Redis redis, NodeLiveness liveness, Clock clock) {
        return new RedisPresence(redis, liveness, clock);
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
            redis.async().zrem(key(personId), instance);
            redis.async().srem(heldKey(instance), personId);
        } catch (RuntimeException e) {
            LOG.debug("presence not shared while Redis is away", e);
        }
    }

    @Override
    public boolean elsewhere(String personId) {
        try {
            return redis.sync().zrangebyscore(key(personId), io.lettuce.core.Range.create(clock.millis(), Long.MAX_VALUE))
                    .stream().anyMatch(node -> !node.equals(instance));
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void whenGone(Consumer<String> personOffline) {
        gone.add(personOffline);
    }

    @Override
    public void whenBack(Consumer<String> personOnline) {
        back.add(personOnline);
    }

    private void claim(String personId) {
        try {
            redis.async().zadd(key(personId), clock.millis() + LAPSE_SECONDS * 1000L, instance);
            redis.async().expire(key(personId), LAPSE_SECONDS * 2L);
            redis.async().sadd(heldKey(instance), personId);
        } catch (RuntimeException e) {
            LOG.debug("presence not shared while Redis is away", e);
        }
    }

    private void renew() {
        here.forEach(this::claim);
    }

    /** A dead instance's people: its claims dropped; those online nowhere now are told gone. */
    private void clearDead(String dead) {
        try {
            Set<String> held = redis.sync().smembers(heldKey(dead));
            redis.sync().del(heldKey(dead));
            for (String personId : held) {
                redis.sync().zrem(key(personId), dead);
                if (!here.contains(personId) && !elsewhere(personId)) {
                    gone.forEach(g -> g.accept(personId));
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("could not clear the presence of dead node instance {}; its claims lapse by themselves", dead, e);
        }
    }

    /** This node was taken for dead and its people told gone: claim them again and say they are back. */
    private void rejoin() {
        renew();
        here.forEach(p -> back.forEach(b -> b.accept(p)));
    }

    private static String key(String personId) {
        return "parley:online:" + personId;
    }

    private static String heldKey(String instance) {
        return "parley:held:" + instance;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        here.forEach(this::offline);
    }
}
