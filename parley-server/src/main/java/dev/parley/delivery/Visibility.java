package dev.parley.delivery;

import dev.parley.cluster.Redis;
import dev.parley.lifecycle.Threads;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which accounts have a <em>visible</em> socket, here and anywhere in the cluster: what the
 * notification decision asks. A socket is visible from connect until its client sends
 * {@code {"type":"visibility","visible":false}}, and again after {@code true}. Counted per account
 * (the account whose events the socket receives). With Redis, each node that holds at least one
 * visible socket for an account claims it in a sorted set scored with when the claim lapses,
 * renewed every {@value #RENEW_SECONDS} s, so a dead node's claims lapse within
 * {@value #LAPSE_SECONDS} s. While Redis is away only this node's sockets are known.
 * A socket of a person acting for a business counts for the business and, under
 * {@link #acting(String)}, for the person too: a business's agent at a visible tab is not away.
 */
public final class Visibility implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Visibility.class);
    private static final int RENEW_SECONDS = 10;
    private static final int LAPSE_SECONDS = 30;

    private final Map<String, AtomicInteger> visible = new ConcurrentHashMap<>();
    private final Optional<Redis> redis;
    private final String nodeId;
    private final Clock clock;
    private final ScheduledExecutorService timer;

    Visibility(Optional<Redis> redis, String nodeId, Clock clock) {
        this.redis = redis;
        this.nodeId = nodeId;
        this.clock = clock;
        this.timer = redis.isEmpty() ? null : Executors.newSingleThreadScheduledExecutor(Threads.daemon("parley-visibility"));
        if (timer != null) {
            timer.scheduleWithFixedDelay(this::renew, RENEW_SECONDS, RENEW_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** A socket opened: visible until its client says otherwise. */
    void connected(StreamSession s) {
        synchronized (s) {
            s.visible = true;
            keys(s).forEach(this::up);
        }
    }

    /** A socket closed: no longer counts, whatever it was. */
    void disconnected(StreamSession s) {
        synchronized (s) {
            if (s.visible) {
                s.visible = false;
                keys(s).forEach(this::down);
            }
        }
    }

    /** The client's {@code visibility} frame; a repeat of the current state changes nothing. */
    void set(StreamSession s, boolean nowVisible) {
        synchronized (s) {
            if (s.visible == nowVisible || !s.open) {
                return;
            }
            s.visible = nowVisible;
            if (nowVisible) {
                keys(s).forEach(this::up);
            } else {
                keys(s).forEach(this::down);
            }
        }
    }

    /** What a socket counts for: its account, and its person when acting for a business. */
    private static java.util.List<String> keys(StreamSession s) {
        return s.personId == null || s.personId.equals(s.logAccountId) ? java.util.List.of(s.logAccountId)
                : java.util.List.of(s.logAccountId, acting(s.personId));
    }

    /** The key under which a person's sockets acting for any business count ({@link #anywhere(String)} takes it). */
    public static String acting(String personId) {
        return "acting:" + personId;
    }

    /** Whether this node holds a visible socket for the account. */
    public boolean here(String accountId) {
        AtomicInteger n = visible.get(accountId);
        return n != null && n.get() > 0;
    }

    /**
     * Whether the account has a visible socket on any node. Without Redis this node is the
     * cluster; while Redis is away, what other nodes hold is unknown and counts as not visible
     * (a notification too many beats one lost).
     */
    public boolean anywhere(String accountId) {
        if (here(accountId)) {
            return true;
        }
        if (redis.isEmpty()) {
            return false;
        }
        try {
            return !redis.get().sync().zrangebyscore(key(accountId),
                    io.lettuce.core.Range.create(clock.millis(), Long.MAX_VALUE)).isEmpty();
        } catch (RuntimeException e) {
            LOG.debug("visibility on other nodes unknown while Redis is away", e);
            return false;
        }
    }

    private void up(String accountId) {
        if (visible.computeIfAbsent(accountId, k -> new AtomicInteger()).incrementAndGet() == 1) {
            claim(accountId);
        }
    }

    private void down(String accountId) {
        AtomicInteger n = visible.get(accountId);
        if (n != null && n.decrementAndGet() <= 0) {
            visible.remove(accountId, n);
            redis.ifPresent(r -> {
                try {
                    r.async().zrem(key(accountId), nodeId);
                } catch (RuntimeException e) {
                    LOG.debug("visibility not shared while Redis is away", e);
                }
            });
        }
    }

    private void claim(String accountId) {
        redis.ifPresent(r -> {
            try {
                r.async().zadd(key(accountId), clock.millis() + LAPSE_SECONDS * 1000L, nodeId);
                r.async().expire(key(accountId), LAPSE_SECONDS * 2L);
            } catch (RuntimeException e) {
                LOG.debug("visibility not shared while Redis is away", e);
            }
        });
    }

    private void renew() {
        visible.forEach((account, n) -> {
            if (n.get() > 0) {
                claim(account);
            }
        });
    }

    private static String key(String accountId) {
        return "parley:visible:" + accountId;
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        redis.ifPresent(r -> visible.keySet().forEach(account -> {
            try {
                r.async().zrem(key(account), nodeId);
            } catch (RuntimeException e) {
                // Redis is away: the claims lapse on their own
            }
        }));
    }
}
