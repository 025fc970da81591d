package dev.parley.delivery;

import dev.parley.cluster.Redis;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many sockets an account holds, on every node: a new socket over the cap pushes out the
 * oldest. One node counts in memory; a cluster counts in Redis, in one sorted set per account
 * (member: {@code node/session}, score: when it opened), so the oldest is the same for every node.
 *
 * @implNote A node that dies leaves its members behind; they are the oldest, so they are the first
 * pushed out (closing them is a no-op), and the set expires a day after its last change. While
 * Redis is away no socket is refused: the cap is a guard against hoarding, not an access check.
 */
interface SocketCap {
    /** Records a socket; answers the ids of the oldest sockets (of any node) that now exceed the cap. */
    List<String> opened(String accountId, String socketId, long openedAtMillis);

    void closed(String accountId, String socketId);

    static SocketCap local(int max) {
        return new Local(max);
    }

    static SocketCap redis(Redis redis, int max) {
        return new InRedis(redis, max);
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
        private final int max;

        InRedis(Redis redis, int max) {
            this.redis = redis;
            this.max = max;
        }

        @Override
        public List<String> opened(String accountId, String socketId, long openedAtMillis) {
            String key = key(accountId);
            try {
                var r = redis.sync();
                r.zadd(key, openedAtMillis, socketId);
                r.expire(key, KEEP_SECONDS);
                long n = r.zcard(key);
                if (n <= max) {
                    return List.of();
                }
                List<String> over = r.zrange(key, 0, n - max - 1);
                if (!over.isEmpty()) {
                    r.zrem(key, over.toArray(String[]::new));
                }
                return over;
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
