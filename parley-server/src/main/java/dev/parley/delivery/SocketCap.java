package dev.parley.delivery;

import dev.parley.cluster.NodeLiveness;
import dev.parley.cluster.Redis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many sockets an account holds, on every node: a new socket over the cap pushes out the
 * oldest. One node counts in memory; a cluster counts in Redis, in one sorted set per account
 * (member: {@code instance/session}, score: when it opened), so the oldest is the same for every node.
 *
 * @implNote A node that dies leaves its members behind. They are named by the node's instance, and a
 * cluster judges an account's count {@link #settle()} after a socket opens (the web client reconnects
 * within a second of its node dying, before anyone can know it died): it drops the sockets of
 * instances {@link NodeLiveness} finds dead and pushes out those of instances silent past a beat
 * before the oldest live ones, so a crashed node's sockets do not push live devices out with 4429
 * (they counted for a day before). While Redis is away no socket is refused: the cap is a guard
 * against hoarding, not an access check.
 */
interface SocketCap {
    /**
     * Records a socket; answers the ids of the sockets (of any node) that now exceed the cap, or
     * none when the count is judged after {@link #settle()}.
     */
    List<String> opened(String accountId, String socketId, long openedAtMillis);

    /**
     * How long after a socket opens its account's count is judged by {@link #over}: zero for one
     * node; in a cluster long enough for a node that died a moment ago to have missed its beats.
     */
    default Duration settle() {
        return Duration.ZERO;
    }

    /** The sockets (of any node) that exceed the cap now, dropped from the count: what to close. */
    default List<String> over(String accountId) {
        return List.of();
    }

    void closed(String accountId, String socketId);

    static SocketCap local(int max) {
        return new Local(max);
    }

    static SocketCap redis(Redis redis, NodeLiveness liveness, int max) {
        return new InRedis(redis, liveness, max);
    }

    final class Local implements SocketCap {
        private final int max;
        /** Per account: opened-at (then id, for ties) to socket id; guarded by the account's map. */
        private final Map<String, TreeMap<String, String>> byAccount = new ConcurrentHashMap<>();

        Local(int max) {
            this.max = max;
        }

        @Override
        public List<String> opened(String accountId, String socketId, long openedAtMillis) {
            List<String> over = new ArrayList<>();
            byAccount.compute(accountId, (k, set) -> {
                TreeMap<String, String> s = set == null ? new TreeMap<>() : set;
                s.put(order(openedAtMillis, socketId), socketId);
                while (s.size() > max) {
                    over.add(s.pollFirstEntry().getValue());
                }
                return s;
            });
            return over;
        }

        @Override
        public void closed(String accountId, String socketId) {
            byAccount.computeIfPresent(accountId, (k, s) -> {
                s.values().remove(socketId);
                return s.isEmpty() ? null : s;
            });
        }

        private static String order(long at, String id) {
            return String.format("%019d/%s", at, id);
        }
    }

    final class InRedis implements SocketCap {
        private static final Logger LOG = LoggerFactory.getLogger(SocketCap.class);
        private static final long KEEP_SECONDS = 24 * 3600;
        private final Redis redis;
        private final NodeLiveness liveness;
        private final int max;

        InRedis(Redis redis, NodeLiveness liveness, int max) {
            this.redis = redis;
            this.liveness = liveness;
            this.max = max;
        }

        @Override
        public List<String> opened(String accountId, String socketId, long openedAtMillis) {
            try {
                redis.sync().zadd(key(accountId), openedAtMillis, socketId);
                redis.sync().expire(key(accountId), KEEP_SECONDS);
            } catch (RuntimeException e) {
                LOG.warn("socket count for {} unavailable; not enforcing the cap for this socket", accountId, e);
            }
            return List.of(); // judged after settle(): a device reconnecting after its node crashed is not over
        }

        @Override
        public Duration settle() {
            return NodeLiveness.SETTLE;
        }

        @Override
        public List<String> over(String accountId) {
            String key = key(accountId);
            try {
                var r = redis.sync();
                List<String> members = r.zrange(key, 0, -1); // oldest first
                if (members.size() <= max) {
                    return List.of();
                }
                NodeLiveness.Seen seen = liveness.judge(members.stream().map(NodeLiveness::instanceOf)
                        .collect(Collectors.toSet()));
                List<String> dead = members.stream().filter(m -> seen.dead().contains(NodeLiveness.instanceOf(m))).toList();
                if (!dead.isEmpty()) {
                    r.zrem(key, dead.toArray(String[]::new));
                }
                // Sockets of a node silent for a beat or two go first: it most likely crashed a moment
                // ago, and its device is the one reconnecting now.
                List<String> counted = new ArrayList<>(members.stream().filter(m -> !dead.contains(m))
                        .sorted(Comparator.comparing(m -> !seen.late().contains(NodeLiveness.instanceOf(m))))
                        .toList());
                if (counted.size() <= max) {
                    return List.of();
                }
                List<String> over = counted.subList(0, counted.size() - max);
                r.zrem(key, over.toArray(String[]::new));
                return List.copyOf(over);
            } catch (RuntimeException e) {
                LOG.warn("socket count for {} unavailable; not enforcing the cap for this socket", accountId, e);
                return List.of();
            }
        }

        @Override
        public void closed(String accountId, String socketId) {
            try {
                redis.sync().zrem(key(accountId), socketId);
            } catch (RuntimeException e) {
                LOG.debug("socket count for {} unavailable; the member ages out as the oldest", accountId, e);
            }
        }

        private static String key(String accountId) {
            return "parley:sockets:" + accountId;
        }
    }
}
