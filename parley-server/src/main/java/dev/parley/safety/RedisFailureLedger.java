package dev.parley.safety;

import dev.parley.cluster.Redis;
import io.lettuce.core.ScriptOutputType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link FailureLedger} in Redis, so that failures on one node count on every other: an attacker
 * gains nothing by spreading guesses over the nodes. The scripts do what {@link FailureLedger.State}
 * does, atomically. While Redis is away the node counts in its own memory instead: unlike a send
 * limit, a sign-in throttle must not simply stop holding.
 */
final class RedisFailureLedger implements FailureLedger {
    private static final Logger LOG = LoggerFactory.getLogger(RedisFailureLedger.class);
    private static final String PREFIX = "parley:fail:";
    // KEYS[1]; ARGV: now, threshold, window, first lock, max lock (ms). Answers 0 if counted, else ms locked.
    private static final String ATTEMPT = """
            local now, threshold, window = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
            local firstLock, maxLock = tonumber(ARGV[4]), tonumber(ARGV[5])
            local s = redis.call('HMGET', KEYS[1], 'n', 'first', 'until')
            local n, first, untl = tonumber(s[1]) or 0, tonumber(s[2]) or now, tonumber(s[3]) or 0
            if untl > now then return untl - now end
            if n == 0 or (now >= first + window and (untl == 0 or now >= untl + window)) then
              n, first, untl = 0, now, 0
            end
            n = n + 1
            if n >= threshold then untl = now + math.min(maxLock, firstLock * 2 ^ math.min(40, n - threshold)) end
            redis.call('HSET', KEYS[1], 'n', n, 'first', first, 'until', untl)
            redis.call('PEXPIRE', KEYS[1], math.max(first, untl) + window - now)
            return 0
            """;
    // KEYS[1]; ARGV: now, threshold. Takes back one attempt; a lock it started is lifted.
    private static final String FORGIVE = """
            local now, threshold = tonumber(ARGV[1]), tonumber(ARGV[2])
            local s = redis.call('HMGET', KEYS[1], 'n', 'until')
            if not s[1] then return 0 end
            local n, untl = math.max(0, tonumber(s[1]) - 1), tonumber(s[2]) or 0
            if untl > now then if n >= threshold then untl = now else untl = 0 end end
            redis.call('HSET', KEYS[1], 'n', n, 'until', untl)
            return 0
            """;

    private final Redis redis;
    private final LocalFailureLedger fallback = new LocalFailureLedger();
    private final String attemptSha;
    private final String forgiveSha;

    RedisFailureLedger(Redis redis) {
        this.redis = redis;
        this.attemptSha = redis.sync().scriptLoad(ATTEMPT);
        this.forgiveSha = redis.sync().scriptLoad(FORGIVE);
    }

    @Override
    public long attempt(String key, Policy p, long now) {
        try {
            Long wait = redis.sync().evalsha(attemptSha, ScriptOutputType.INTEGER, new String[] {PREFIX + key},
                    String.valueOf(now), String.valueOf(p.threshold()), String.valueOf(p.windowMillis()),
                    String.valueOf(p.firstLockMillis()), String.valueOf(p.maxLockMillis()));
            return wait == null ? 0 : wait;
        } catch (RuntimeException e) {
            LOG.debug("sign-in failures counted on this node alone while Redis is away", e);
            return fallback.attempt(key, p, now);
        }
    }

    @Override
    public void forgive(String key, Policy p, long now) {
        try {
            redis.sync().evalsha(forgiveSha, ScriptOutputType.INTEGER, new String[] {PREFIX + key},
                    String.valueOf(now), String.valueOf(p.threshold()));
        } catch (RuntimeException e) {
            fallback.forgive(key, p, now);
        }
    }

    @Override
    public void clear(String key) {
        try {
            redis.sync().del(PREFIX + key);
        } catch (RuntimeException e) {
            fallback.clear(key);
        }
    }
}
