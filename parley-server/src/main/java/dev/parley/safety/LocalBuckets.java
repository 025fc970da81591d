package dev.parley.safety;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Buckets in this node's memory (Bucket4j). */
final class LocalBuckets implements RateLimits.Buckets {
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    @Override
    public long take(String key, long capacity, long periodMillis) {
        Bucket b = buckets.computeIfAbsent(key, k -> Bucket.builder().addLimit(Bandwidth.builder()
                .capacity(capacity).refillGreedy(capacity, Duration.ofMillis(periodMillis)).build()).build());
        ConsumptionProbe probe = b.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(probe.getNanosToWaitForRefill()));
    }
}
