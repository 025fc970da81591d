package dev.parley.safety;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Buckets in this node's memory (Bucket4j). */
final class LocalBuckets implements RateLimits.Buckets {
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    @Override
    public long take(String key, long capacity, long periodMillis) {
        ConsumptionProbe probe = bucket(key, capacity, periodMillis).tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(probe.getNanosToWaitForRefill()));
    }

    @Override
    public long peek(String key, long capacity, long periodMillis) {
        Bucket b = buckets.get(key);
        if (b == null) {
            return 0;
        }
        EstimationProbe probe = b.estimateAbilityToConsume(1);
        return probe.canBeConsumed() ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(probe.getNanosToWaitForRefill()));
    }

    private Bucket bucket(String key, long capacity, long periodMillis) {
        return buckets.computeIfAbsent(key, k -> Bucket.builder().addLimit(Bandwidth.builder()
                .capacity(capacity).refillGreedy(capacity, Duration.ofMillis(periodMillis)).build()).build());
    }
}
