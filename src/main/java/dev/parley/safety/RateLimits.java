package dev.parley.safety;

import dev.parley.http.ApiException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Per-account limits on sends and on new conversations (token buckets, refilled smoothly). Over
 * the limit: 429 {@code rate_limited} with Retry-After. {@code rate_limits=off} lifts them all.
 */
public final class RateLimits {
    private final boolean enabled;
    private final Bandwidth sends;
    private final Bandwidth conversations;
    private final Map<String, Bucket> sendBuckets = new ConcurrentHashMap<>();
    private final Map<String, Bucket> conversationBuckets = new ConcurrentHashMap<>();

    public RateLimits(boolean enabled, int sendsPerMinute, int newConversationsPerHour) {
        this.enabled = enabled;
        this.sends = Bandwidth.builder().capacity(sendsPerMinute)
                .refillGreedy(sendsPerMinute, Duration.ofMinutes(1)).build();
        this.conversations = Bandwidth.builder().capacity(newConversationsPerHour)
                .refillGreedy(newConversationsPerHour, Duration.ofHours(1)).build();
    }

    public static RateLimits off() {
        return new RateLimits(false, 1, 1);
    }

    public void send(String accountId) {
        take(sendBuckets, sends, accountId);
    }

    public void newConversation(String accountId) {
        take(conversationBuckets, conversations, accountId);
    }

    private void take(Map<String, Bucket> buckets, Bandwidth limit, String accountId) {
        if (!enabled) {
            return;
        }
        Bucket b = buckets.computeIfAbsent(accountId, k -> Bucket.builder().addLimit(limit).build());
        ConsumptionProbe probe = b.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill()) + 1);
            throw ApiException.rateLimited(seconds);
        }
    }
}
