package dev.parley.safety;

import dev.parley.cluster.Redis;
import dev.parley.http.ApiException;
import dev.parley.http.Authenticator;
import dev.parley.http.Requests;
import dev.parley.http.Routes;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Limits on what costs little to ask and much to answer in bulk: sign-ups per address (each is an
 * Argon2 hash and a new identity), handle look-ups per account (they tell which handles exist) and
 * stream tickets per account. Over a limit: 429 {@code rate_limited} with Retry-After. Like the
 * send limits, {@code rate_limits=off} lifts them; a cluster shares the buckets in Redis.
 */
public final class AccessLimits {
    private static final long MINUTE = 60_000;
    private static final long HOUR = 3_600_000;

    private final boolean enabled;
    private final int signUpsPerHour;
    private final int lookupsPerMinute;
    private final int ticketsPerMinute;
    private final int searchesPerMinute;
    private final RateLimits.Buckets buckets;

    /** @param redis the cluster's Redis, or empty on one node */
    public AccessLimits(boolean enabled, int signUpsPerHour, int lookupsPerMinute, int ticketsPerMinute,
            int searchesPerMinute, Optional<Redis> redis) {
        this.searchesPerMinute = searchesPerMinute;
        this.enabled = enabled;
        this.signUpsPerHour = signUpsPerHour;
        this.lookupsPerMinute = lookupsPerMinute;
        this.ticketsPerMinute = ticketsPerMinute;
        this.buckets = enabled && redis.isPresent() ? new RedisBuckets(redis.get()) : new LocalBuckets();
    }

    /** A sign-up from a client address. */
    public void signUp(String address) {
        take("signup:" + address, signUpsPerHour, HOUR);
    }

    /** A look-up of an account by its handle. */
    public void lookup(String accountId) {
        take("lookup:" + accountId, lookupsPerMinute, MINUTE);
    }

    /**
     * A people search by an account (as they type: one per keystroke after the client's debounce).
     * Its own bucket, so typing a name never spends the handle look-ups.
     */
    public void search(String accountId) {
        take("search:" + accountId, searchesPerMinute, MINUTE);
    }

    /** A stream ticket issued to an account. */
    public void ticket(String accountId) {
        take("ticket:" + accountId, ticketsPerMinute, MINUTE);
    }

    /**
     * The ticket limit, as a filter in front of {@code POST /api/v1/stream/tickets}: the stream's
     * own routes stay as they are. A caller who is not signed in passes on to get the route's 401.
     */
    public Routes ticketLimit(Authenticator auth) {
        return r -> r.before("/api/v1/stream/tickets", ctx -> {
            if (enabled && "POST".equals(ctx.method().name()) && ctx.header("Authorization") != null) {
                try {
                    ticket(Requests.principal(ctx, auth).accountId());
                } catch (ApiException e) {
                    if (e.status() != 401) {
                        throw e;
                    }
                }
            }
        });
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
