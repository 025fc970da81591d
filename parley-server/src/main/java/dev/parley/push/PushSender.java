package dev.parley.push;

import dev.parley.lifecycle.Threads;
import dev.parley.outbound.OutboundClient;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the push queue: claims due pushes, encrypts each for its browser (RFC 8291), posts it to the
 * push service with a VAPID token (RFC 8292) through the guarded outbound client, and records what
 * the push service said. Woken at once by a push queued on this node; otherwise it looks every
 * {@link #POLL} (pushes queued on other nodes, retries coming due).
 *
 * <p>What an answer means (RFC 8030): 2xx sent; 404 or 410 the subscription is gone, so the device
 * is removed; 429 wait as long as Retry-After says, sending nothing to that device meanwhile;
 * another 4xx the push is refused (dropped); 5xx or no answer retry with backoff, up to
 * {@link #MAX_ATTEMPTS}. A push whose TTL ran out while queued is dropped as expired.
 */
final class PushSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PushSender.class);
    static final int MAX_ATTEMPTS = 8;
    static final Duration POLL = Duration.ofMillis(500);
    private static final Duration LIMIT = Duration.ofSeconds(10);
    /** Long enough for a batch to be sent at the time limit each; another node takes over after it. */
    private static final Duration CLAIM = Duration.ofMinutes(3);
    private static final Duration KEEP_DONE = Duration.ofDays(1);

    /** How a push is sent: the settings that shape it. */
    record Config(int workers, Duration ttl, Duration retryBase) {}

    private final PushOutbox outbox;
    private final Vapid vapid;
    private final OutboundClient http;
    private final Clock clock;
    private final Config config;
    private final ScheduledExecutorService loop;
    private final ExecutorService pool;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final Set<String> openClaims = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;
    private volatile Instant lastPrune = Instant.EPOCH;

    PushSender(PushOutbox outbox, Vapid vapid, OutboundClient http, Clock clock, Config config) {
        this.outbox = outbox;
        this.vapid = vapid;
        this.http = http;
        this.clock = clock;
        this.config = config;
        this.loop = Executors.newSingleThreadScheduledExecutor(Threads.daemon("parley-push"));
        this.pool = Executors.newFixedThreadPool(Math.max(1, config.workers()), Threads.daemon("parley-push-send"));
    }

    /** Starts sending, from whatever the queue holds (pushes queued before a restart too). */
    void start() {
        if (config.workers() > 0) {
            loop.scheduleWithFixedDelay(this::drain, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** A push was queued here: look now rather than at the next poll. */
    void wake() {
        if (config.workers() == 0 || closing) {
            return;
        }
        try {
            loop.execute(this::drain);
        } catch (RejectedExecutionException stopping) {
            // Stopping: the push waits in the queue for the next node or the next start.
        }
    }

    private void drain() {
        if (!draining.compareAndSet(false, true)) {
            return;
        }
        try {
            int batch = config.workers() * 8;
            while (!closing && sendBatch(batch) == batch) {
                // a full batch: there may be more due at once
            }
            prune();
        } catch (RuntimeException e) {
            LOG.warn("a Web Push pass failed; the next one retries", e);
        } finally {
            draining.set(false);
        }
    }

    private int sendBatch(int max) {
        String claim = UUID.randomUUID().toString();
        Instant now = clock.instant();
        List<PushOutbox.Claimed> claimed = outbox.claim(claim, max, now, now.plus(CLAIM));
        if (claimed.isEmpty()) {
            return 0;
        }
        openClaims.add(claim);
        List<PushOutbox.Outcome> outcomes = new ArrayList<>();
        try {
            Map<String, Instant> paused = new ConcurrentHashMap<>();
            List<Future<Optional<PushOutbox.Outcome>>> sent = new ArrayList<>();
            for (PushOutbox.Claimed c : claimed) {
                sent.add(pool.submit(() -> send(c, paused)));
            }
            for (Future<Optional<PushOutbox.Outcome>> f : sent) {
                f.get().ifPresent(outcomes::add);
            }
            return claimed.size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (ExecutionException e) {
            LOG.warn("a Web Push failed unexpectedly", e.getCause());
            return 0;
        } finally {
            outbox.record(outcomes, claim); // and puts back what was not finished (a stop, a failure)
            openClaims.remove(claim);
        }
    }

    /** Sends one push; empty when it was not tried (stopping), so the batch's release puts it back. */
    private Optional<PushOutbox.Outcome> send(PushOutbox.Claimed c, Map<String, Instant> paused) {
        if (closing) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Instant wait = paused.get(c.deviceId());
        if (wait != null) {
            return Optional.of(PushOutbox.Outcome.retry(c, null, false, wait)); // its push service asked to wait
        }
        long ttl = config.ttl().minus(Duration.between(c.createdAt(), now)).toSeconds();
        if (ttl <= 0) {
            return Optional.of(PushOutbox.Outcome.done(c, "expired", null, now));
        }
        Integer status = null;
        Optional<String> retryAfter = Optional.empty();
        try {
            byte[] body = WebPushCrypto.encrypt(WebPushCrypto.unbase64url(c.p256dh()), WebPushCrypto.unbase64url(c.auth()),
                    c.payload().getBytes(StandardCharsets.UTF_8));
            OutboundClient.Response r = http.post(c.endpoint(), Map.of(
                    "Authorization", vapid.header(URI.create(c.endpoint())),
                    "TTL", String.valueOf(ttl),
                    "Urgency", c.urgency(),
                    "Topic", topic(c.conversationId()),
                    "Content-Encoding", "aes128gcm",
                    "Content-Type", "application/octet-stream"), body, LIMIT);
            status = r.status();
            retryAfter = Optional.ofNullable(r.headers().get("retry-after"));
        } catch (OutboundClient.Refused refused) {
            LOG.info("Web Push to device {} refused: {}", c.deviceId(), refused.getMessage());
            return Optional.of(PushOutbox.Outcome.done(c, "failed", null, now));
        } catch (IOException e) {
            LOG.debug("Web Push to device {} failed: {}", c.deviceId(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty(); // stopping: the claim is released
        }
        return Optional.of(outcome(c, status, retryAfter, now, paused));
    }

    private PushOutbox.Outcome outcome(PushOutbox.Claimed c, Integer status, Optional<String> retryAfter, Instant now,
                                       Map<String, Instant> paused) {
        if (status != null && status >= 200 && status < 300) {
            return PushOutbox.Outcome.done(c, "sent", status, clock.instant());
        } else if (status != null && (status == 404 || status == 410)) {
            return PushOutbox.Outcome.gone(c, status); // the browser unsubscribed: the device and its queue go
        } else if (status != null && status == 429) {
            Instant next = now.plus(retryAfter.flatMap(v -> retryAfter(v, now)).orElse(backoff(c.attempts() + 1)));
            paused.put(c.deviceId(), next);
            return PushOutbox.Outcome.retry(c, status, false, next);
        } else if (status != null && status < 500) {
            return PushOutbox.Outcome.done(c, "failed", status, now); // refused as it is: sending it again changes nothing
        } else if (c.attempts() + 1 >= MAX_ATTEMPTS) {
            return PushOutbox.Outcome.done(c, "failed", status, now);
        }
        Instant next = now.plus(backoff(c.attempts() + 1));
        paused.put(c.deviceId(), next);
        return PushOutbox.Outcome.retry(c, status, true, next);
    }

    /** Retry-After as seconds or an HTTP date (RFC 9110), at most an hour. */
    static Optional<Duration> retryAfter(String value, Instant now) {
        Duration d;
        try {
            d = Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException notSeconds) {
            try {
                d = Duration.between(now, ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
        if (d.isNegative()) {
            return Optional.of(Duration.ZERO);
        }
        return Optional.of(d.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : d);
    }

    /** base, 2×base, 4×base … capped at an hour. */
    Duration backoff(int attempts) {
        Duration d = config.retryBase().multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
        return d.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : d;
    }

    /**
     * RFC 8030 Topic: at most 32 base64url characters, one per conversation, so a push service keeps
     * only the newest of a conversation for an offline device. A hash: the push service learns no id.
     */
    static String topic(String conversationId) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(("parley:" + conversationId).getBytes(StandardCharsets.UTF_8));
            return WebPushCrypto.base64url(h).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void prune() {
        Instant now = clock.instant();
        if (Duration.between(lastPrune, now).compareTo(Duration.ofMinutes(10)) < 0) {
            return;
        }
        lastPrune = now;
        outbox.prune(now.minus(KEEP_DONE));
    }

    /** Stops sending; what this node claimed and did not send goes back to the queue. */
    @Override
    public void close() {
        closing = true;
        loop.shutdown();
        pool.shutdown();
        try {
            if (!loop.awaitTermination(15, TimeUnit.SECONDS) || !pool.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("Web Push did not stop in time; its claims run out instead of being given back");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (String claim : openClaims) {
            try {
                outbox.release(claim);
            } catch (RuntimeException e) {
                LOG.warn("could not give back a Web Push claim; it runs out instead", e);
            }
        }
    }
}
