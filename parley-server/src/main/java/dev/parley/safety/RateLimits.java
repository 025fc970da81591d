package dev.parley.safety;

import dev.parley.cluster.Redis;
import dev.parley.config.Keys;
import dev.parley.config.Settings;
import dev.parley.http.ApiException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Per-account limits on sends and on new conversations (token buckets, refilled smoothly). Over
 * the limit: 429 {@code rate_limited} with Retry-After. {@code rate_limits=off} lifts them all.
 * One node keeps its buckets in memory; a cluster shares them in Redis.
 */
public final class RateLimits {
    private static final long MINUTE = 60_000;
    private static final long HOUR = 3_600_000;

    private final boolean enabled;
    private final int sendsPerMinute;
    private final int conversationsPerHour;
    private final Buckets buckets;

    /** Where the buckets live. */
    interface Buckets {
        /** Takes one token from the bucket; answers 0 if taken, else the milliseconds until one refills. */
        long take(String key, long capacity, long periodMillis);
    }

    public RateLimits(boolean enabled, int sendsPerMinute, int newConversationsPerHour) {
        this(enabled, sendsPerMinute, newConversationsPerHour, new LocalBuckets());
    }

    /** Limits shared by the nodes of a cluster. */
    public RateLimits(boolean enabled, int sendsPerMinute, int newConversationsPerHour, Redis redis) {
        this(enabled, sendsPerMinute, newConversationsPerHour, enabled ? new RedisBuckets(redis) : new LocalBuckets());
    }

    private RateLimits(boolean enabled, int sendsPerMinute, int newConversationsPerHour, Buckets buckets) {
        this.enabled = enabled;
        this.sendsPerMinute = sendsPerMinute;
        this.conversationsPerHour = newConversationsPerHour;
        this.buckets = buckets;
    }

    /** The limits the settings ask for; kept in Redis when nodes share them, so a cluster counts once. */
    public static RateLimits configured(Settings settings, Optional<Redis> redis) {
        if (!settings.get(Keys.RATE_LIMITS)) {
            return off();
        }
        int sends = settings.get(Keys.SENDS_PER_MINUTE);
        int opens = settings.get(Keys.NEW_CONVERSATIONS_PER_HOUR);
        return redis.map(r -> new RateLimits(true, sends, opens, r)).orElseGet(() -> new RateLimits(true, sends, opens));
    }

    public static RateLimits off() {
        return new RateLimits(false, 1, 1);
    }

    public void send(String accountId) {
        take("send:" + accountId, sendsPerMinute, MINUTE);
    }

    public void newConversation(String accountId) {
        take("conv:" + accountId, conversationsPerHour, HOUR);
    }

    private void take(String key, int capacity, long periodMillis) {
        if (!enabled) {
            return;
        }
        long waitMillis = buckets.take(key, capacity, periodMillis);
        if (waitMillis > 0) {
            throw ApiException.rateLimited(Math.max(1, TimeUnit.MILLISECONDS.toSeconds(waitMillis) + 1));
        }
    }
}
