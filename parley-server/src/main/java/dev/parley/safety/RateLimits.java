package dev.parley.safety;

import dev.parley.cluster.Redis;
import dev.parley.config.Keys;
import dev.parley.config.Settings;
import dev.parley.http.ApiException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Per-account limits on sends and on new conversations (token buckets, refilled smoothly). Over
 * the limit: 429 {@code rate_limited} with Retry-After. {@code rate_limits=off} lifts them all.
 * Message requests have their own spam limits (new accounts, one text to many people, declines).
 * One node keeps its buckets in memory; a cluster shares them in Redis.
 */
public final class RateLimits {
    private static final long MINUTE = 60_000;
    private static final long HOUR = 3_600_000;
    private static final long DAY = 24 * HOUR;
    static final int LINK_PREVIEWS_PER_MINUTE = 60;

    private final boolean enabled;
    private final int sendsPerMinute;
    private final int conversationsPerHour;
    private final Buckets buckets;
    private final RequestLimits requests;

    /** Where the buckets live. */
    interface Buckets {
        /** Takes one token from the bucket; answers 0 if taken, else the milliseconds until one refills. */
        long take(String key, long capacity, long periodMillis);

        /** Like {@link #take} but takes nothing: 0 if a token is there, else the milliseconds until one refills. */
        long peek(String key, long capacity, long periodMillis);
    }

    public RateLimits(boolean enabled, int sendsPerMinute, int newConversationsPerHour) {
        this(enabled, sendsPerMinute, newConversationsPerHour, new LocalBuckets(), RequestLimits.DEFAULTS);
    }

    /** Limits shared by the nodes of a cluster. */
    public RateLimits(boolean enabled, int sendsPerMinute, int newConversationsPerHour, Redis redis) {
        this(enabled, sendsPerMinute, newConversationsPerHour, enabled ? new RedisBuckets(redis) : new LocalBuckets(),
                RequestLimits.DEFAULTS);
    }

    private RateLimits(boolean enabled, int sendsPerMinute, int newConversationsPerHour, Buckets buckets,
                       RequestLimits requests) {
        this.enabled = enabled;
        this.sendsPerMinute = sendsPerMinute;
        this.conversationsPerHour = newConversationsPerHour;
        this.buckets = buckets;
        this.requests = requests;
    }

    /** The limits the settings ask for; kept in Redis when nodes share them, so a cluster counts once. */
    public static RateLimits configured(Settings settings, Optional<Redis> redis) {
        if (!settings.get(Keys.RATE_LIMITS)) {
            return off();
        }
        int sends = settings.get(Keys.SENDS_PER_MINUTE);
        int opens = settings.get(Keys.NEW_CONVERSATIONS_PER_HOUR);
        RequestLimits requests = new RequestLimits(settings.get(Keys.NEW_ACCOUNT_AGE),
                settings.get(Keys.NEW_ACCOUNT_REQUESTS_PER_HOUR), settings.get(Keys.DUPLICATE_REQUESTS_PER_HOUR),
                settings.get(Keys.DECLINED_REQUESTS_PER_DAY));
        Buckets buckets = redis.<Buckets>map(RedisBuckets::new).orElseGet(LocalBuckets::new);
        return new RateLimits(true, sends, opens, buckets, requests);
    }

    public static RateLimits off() {
        return new RateLimits(false, 1, 1);
    }

    public void send(String accountId) {
        take("send:" + accountId, sendsPerMinute, MINUTE);
    }

    /** Link previews make the node fetch a page: {@value #LINK_PREVIEWS_PER_MINUTE} a minute per account. */
    public void linkPreview(String accountId) {
        take("preview:" + accountId, LINK_PREVIEWS_PER_MINUTE, MINUTE);
    }

    public void newConversation(String accountId) {
        take("conv:" + accountId, conversationsPerHour, HOUR);
    }

    /**
     * A message request about to be opened by {@code senderId}: an account younger than
     * {@code safety.new_account_age} may open only so many an hour (429 {@code new_account_request_limit}).
     * Answers true while the sender's requests are held for review: many were declined or reported
     * within a day (see {@link #requestRefused}); the conversation feature then holds the request.
     */
    public boolean newRequest(String senderId, Instant senderCreatedAt, Instant now) {
        if (!enabled) {
            return false;
        }
        boolean held = buckets.peek("refused:" + senderId, requests.refusedPerDay(), DAY) > 0;
        if (!requests.isNew(senderCreatedAt, now)) {
            return held;
        }
        long waitMillis = buckets.take("newreq:" + senderId, requests.newAccountPerHour(), HOUR);
        if (waitMillis > 0) {
            long seconds = seconds(waitMillis);
            throw new ApiException(429, "new_account_request_limit", "Too many message requests",
                    "New accounts may send " + requests.newAccountPerHour() + " message requests an hour; try again in "
                            + seconds + " s.", Map.of("retry_after", seconds));
        }
        return held;
    }

    /** The refusal once a sender has as many requests held for review as may wait (403 {@code requests_paused}). */
    public ApiException requestsPaused(String senderId) {
        long seconds = seconds(Math.max(1, buckets.peek("refused:" + senderId, requests.refusedPerDay(), DAY)));
        return new ApiException(403, "requests_paused", "Message requests paused",
                "Many of your message requests were declined recently, so you cannot send new ones for now; "
                        + "try again in " + seconds + " s. People who follow you can still be messaged.",
                Map.of("retry_after", seconds));
    }

    /**
     * A message sent into a pending request: the same text (as {@link RequestText} normalises it)
     * sent as requests to many people is refused past the hourly limit (429 {@code duplicate_request_text}).
     */
    public void requestText(String senderId, String text) {
        if (!enabled) {
            return;
        }
        long waitMillis = buckets.take("dupreq:" + senderId + ":" + RequestText.fingerprint(text),
                requests.duplicatesPerHour(), HOUR);
        if (waitMillis > 0) {
            long seconds = seconds(waitMillis);
            throw new ApiException(429, "duplicate_request_text", "Same request sent to many people",
                    "This text was already sent as a message request to " + requests.duplicatesPerHour()
                            + " people this hour; try again in " + seconds + " s, or write to each person in your own words.",
                    Map.of("retry_after", seconds));
        }
    }

    /**
     * One of {@code senderId}'s message requests was declined (or, once reports exist, reported:
     * the reports feature calls this too). Each spends from a daily allowance; once it is spent the
     * sender's new requests are paused until it refills (see {@link #newRequest}).
     */
    public void requestRefused(String senderId) {
        if (enabled) {
            buckets.take("refused:" + senderId, requests.refusedPerDay(), DAY);
        }
    }

    private void take(String key, int capacity, long periodMillis) {
        if (!enabled) {
            return;
        }
        long waitMillis = buckets.take(key, capacity, periodMillis);
        if (waitMillis > 0) {
            throw ApiException.rateLimited(seconds(waitMillis));
        }
    }

    private static long seconds(long waitMillis) {
        return Math.max(1, TimeUnit.MILLISECONDS.toSeconds(waitMillis) + 1);
    }
}
