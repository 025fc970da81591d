package dev.parley.safety;

import dev.parley.cluster.Redis;
import io.lettuce.core.ScriptOutputType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token buckets kept in Redis, so every node of a cluster spends from the same bucket. One Lua
 * script refills and takes atomically (the same smooth refill as the local buckets). While Redis
 * is away the limit is not enforced: refusing every send for a missing counter would turn a
 * Redis outage into a messaging outage.
 */
final class RedisBuckets implements RateLimits.Buckets {
    private static final Logger LOG = LoggerFactory.getLogger(RedisBuckets.class);
    // KEYS[1] bucket; ARGV: capacity, refill period (ms), now (ms). Answers 0 if taken, else ms to wait.
    private static final String TAKE = """
            local cap = tonumber(ARGV[1])
            local period = tonumber(ARGV[2])
            local now = tonumber(ARGV[3])
            local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
            local tokens = tonumber(b[1]) or cap
            local at = tonumber(b[2]) or now
            tokens = math.min(cap, tokens + (now - at) * cap / period)
            local wait = 0
            if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) * period / cap) end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
            redis.call('PEXPIRE', KEYS[1], period)
            return wait
            """;

    // The same refill, read only: 0 if a token is there, else ms to wait.
    private static final String PEEK = """
            local cap = tonumber(ARGV[1])
            local period = tonumber(ARGV[2])
            local now = tonumber(ARGV[3])
            local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
            local tokens = tonumber(b[1]) or cap
            local at = tonumber(b[2]) or now
            tokens = math.min(cap, tokens + (now - at) * cap / period)
            if tokens >= 1 then return 0 end
            return math.ceil((1 - tokens) * period / cap)
            """;

    private final Redis redis;
    private final String digest;
    private final String peekDigest;

    RedisBuckets(Redis redis) {
        this.redis = redis;
        this.digest = redis.sync().scriptLoad(TAKE);
        this.peekDigest = redis.sync().scriptLoad(PEEK);
    }

    @Override
    public long take(String key, long capacity, long periodMillis) {
        return run(digest, key, capacity, periodMillis);
    }

    @Override
    public long peek(String key, long capacity, long periodMillis) {
        return run(peekDigest, key, capacity, periodMillis);
    }

    private long run(String script, String key, long capacity, long periodMillis) {
        try {
            Long wait = redis.sync().evalsha(script, ScriptOutputType.INTEGER, new String[] {"parley:rate:" + key},
                    String.valueOf(capacity), String.valueOf(periodMillis), String.valueOf(System.currentTimeMillis()));
            return wait == null ? 0 : wait;
        } catch (RuntimeException e) {
            LOG.debug("rate limit not enforced while Redis is away", e);
            return 0;
        }
    }
}
