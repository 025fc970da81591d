package dev.parley.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.cluster.Redis;
import dev.parley.testing.RedisServer;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The buckets behind the limits, local and in Redis: {@code peek} tells whether a bucket is spent
 * without spending it, and two nodes sharing Redis spend from one bucket (so a cluster counts once).
 */
@Tag("store-free")
class BucketsTest {
    private static void peekDoesNotSpend(RateLimits.Buckets a, RateLimits.Buckets b) {
        String key = "test:" + UUID.randomUUID();
        assertThat(a.peek(key, 2, 3_600_000)).isZero();
        assertThat(a.peek(key, 2, 3_600_000)).isZero();
        assertThat(a.take(key, 2, 3_600_000)).isZero();
        assertThat(b.take(key, 2, 3_600_000)).isZero();
        assertThat(a.peek(key, 2, 3_600_000)).isPositive();
        assertThat(b.peek(key, 2, 3_600_000)).isPositive();
        assertThat(b.take(key, 2, 3_600_000)).isPositive();
    }

    @Test
    void localPeekTellsWhetherSpent() {
        LocalBuckets local = new LocalBuckets();
        peekDoesNotSpend(local, local);
    }

    @Test
    void twoNodesShareOneBucketInRedis() {
        try (RedisServer server = RedisServer.start(); Redis ra = Redis.connect(server.url());
             Redis rb = Redis.connect(server.url())) {
            peekDoesNotSpend(new RedisBuckets(ra), new RedisBuckets(rb));
        }
    }
}
