package dev.parley.cluster;

import dev.parley.lifecycle.Threads;
import io.lettuce.core.Range;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which nodes of the cluster are alive, so that what a node that died left in Redis (its sockets
 * in the accounts' socket counts, its people's presence) stops counting. Each run of a node is an
 * <em>instance</em> ({@code node_id~random}, so a node restarted under the same id is another
 * instance), which beats every {@value #BEAT_MILLIS} ms in one sorted set scored with Redis's own
 * clock (the nodes' clocks need not agree). An instance silent for {@value #DEAD_AFTER_MILLIS} ms is
 * dead; one node takes each dead instance over (removing it from the set is the claim) and tells
 * its listeners, who clear what it held.
 *
 * @implNote A node stalled past the limit (a long pause) is taken for dead and its presence cleared;
 * its next beat finds it missing, and it tells its {@link #onRejoined} listeners to claim again.
 * While Redis is away nothing is judged: an instance whose beats fail is not told dead by anyone.
 */
public final class NodeLiveness implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeLiveness.class);
    static final String KEY = "parley:nodes";
    static final long BEAT_MILLIS = 1_000;
    /** Silent this long, an instance is probably gone: what a socket cap closes first. */
    static final long LATE_AFTER_MILLIS = 2_500;
    static final long DEAD_AFTER_MILLIS = 10_000;
    /** How long after an event a node that died just before it is surely late: a beat past the limit. */
    public static final java.time.Duration SETTLE = java.time.Duration.ofMillis(LATE_AFTER_MILLIS + BEAT_MILLIS);

    private final Redis redis;
    private final String instance;
    private final ScheduledExecutorService timer;
    private final List<Consumer<String>> onDead = new CopyOnWriteArrayList<>();
    private final List<Runnable> onRejoined = new CopyOnWriteArrayList<>();
    private volatile boolean closing;

    public NodeLiveness(Redis redis, String nodeId) {
        this.redis = redis;
        this.instance = nodeId + "~" + UUID.randomUUID().toString().substring(0, 8);
        pulse(false); // before this node's first socket: others must find it alive at once
        this.timer = Executors.newSingleThreadScheduledExecutor(Threads.daemon("parley-liveness"));
        timer.scheduleWithFixedDelay(() -> pulse(true), BEAT_MILLIS, BEAT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** This run of this node: what its sockets and presence claims are named under. */
    public String instance() {
        return instance;
    }

    /** The instance a socket id or claim ({@code instance/…}) belongs to. */
    public static String instanceOf(String id) {
        int slash = id.indexOf('/');
        return slash < 0 ? id : id.substring(0, slash);
    }

    /** Hears each dead instance once in the cluster, on the node that took it over. */
    public void onDead(Consumer<String> listener) {
        onDead.add(listener);
    }

    /** Hears that this node had been taken for dead (a long stall) and is back. */
    public void onRejoined(Runnable listener) {
        onRejoined.add(listener);
    }

    /**
     * What is known of some instances now.
     *
     * @param late silent past a beat or two: probably gone (a crash a moment ago), perhaps stalled
     * @param dead never beat, or silent too long: gone
     */
    public record Seen(Set<String> late, Set<String> dead) {
        static final Seen NOTHING = new Seen(Set.of(), Set.of());
    }

    /**
     * How these instances stand now. This instance is always alive; while Redis is away none is
     * judged late or dead.
     */
    public Seen judge(Set<String> instances) {
        Set<String> others = new HashSet<>(instances);
        others.remove(instance);
        if (others.isEmpty()) {
            return Seen.NOTHING;
        }
        try {
            long now = now();
            // One read of the whole set (a node per entry, so small) rather than a ZSCORE per instance asked about.
            java.util.Map<String, Double> beats = new java.util.HashMap<>();
            redis.sync().zrangeWithScores(KEY, 0, -1).forEach(v -> beats.put(v.getValue(), v.getScore()));
            Set<String> late = new HashSet<>();
            Set<String> dead = new HashSet<>();
            for (String other : others) {
                Double beat = beats.get(other);
                if (beat == null || now - beat > DEAD_AFTER_MILLIS) {
                    dead.add(other);
                } else if (now - beat > LATE_AFTER_MILLIS) {
                    late.add(other);
                }
            }
            return new Seen(late, dead);
        } catch (RuntimeException e) {
            LOG.debug("node liveness unavailable while Redis is away", e);
            return Seen.NOTHING;
        }
    }

    /**
     * A beat and, from the second on, a look for the dead: on one reading of Redis's clock.
     *
     * @param again whether this instance beat before
     */
    private void pulse(boolean again) {
        long now;
        try {
            now = now();
        } catch (RuntimeException e) {
            LOG.debug("no liveness beat while Redis is away", e);
            return;
        }
        beat(again, now);
        if (again) {
            reapDead(now);
        }
    }

    /** @param again whether this instance beat before (then missing from the set means taken for dead) */
    private void beat(boolean again, long now) {
        if (closing) {
            return;
        }
        try {
            Long added = redis.sync().zadd(KEY, now, instance);
            if (again && added != null && added == 1) {
                LOG.warn("this node was taken for dead (it did not beat for {} s); claiming its presence again",
                        DEAD_AFTER_MILLIS / 1000);
                onRejoined.forEach(Runnable::run);
            }
        } catch (RuntimeException e) {
            LOG.debug("no liveness beat while Redis is away", e);
        }
    }

    private void reapDead(long now) {
        try {
            List<String> silent = new ArrayList<>(redis.sync().zrangebyscore(KEY,
                    Range.create(Double.NEGATIVE_INFINITY, (double) now - DEAD_AFTER_MILLIS)));
            for (String dead : silent) {
                if (!dead.equals(instance) && redis.sync().zrem(KEY, dead) == 1) {
                    LOG.info("node instance {} stopped beating: clearing what it held", dead);
                    onDead.forEach(l -> l.accept(dead));
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("no liveness check while Redis is away", e);
        }
    }

    /** Redis's clock, in milliseconds: one clock for every node. */
    private long now() {
        List<String> t = redis.sync().time();
        return Long.parseLong(t.get(0)) * 1000 + Long.parseLong(t.get(1)) / 1000;
    }

    @Override
    public void close() {
        closing = true;
        timer.shutdownNow();
        try {
            redis.sync().zrem(KEY, instance); // a clean stop took its sockets and presence with it
        } catch (RuntimeException e) {
            LOG.debug("could not leave the liveness set; the others find this instance silent", e);
        }
    }
}
