package dev.parley.push;

import dev.parley.lifecycle.Pacer;
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
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the push queue: claims due pushes, encrypts each for its browser (RFC 8291), posts it to the
 * push service with a VAPID token (RFC 8292) through the guarded outbound client, and records what
 * the push service said. Woken at once by a push queued on this node; otherwise it looks every
 * {@link #POLL} while there is work, backing off to {@link Pacer#IDLE} while the queue is empty
 * (pushes queued on other nodes, retries coming due).
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
    /** Pushes in flight per worker: enough that a worker never waits for the next claim. */
    private static final int IN_FLIGHT_PER_WORKER = 8;
    private static final Duration KEEP_DONE = Duration.ofDays(1);

    /** How a push is sent: the settings that shape it. */
    record Config(int workers, Duration ttl, Duration retryBase) {}

    private final PushOutbox outbox;
    private final Vapid vapid;
    private final OutboundClient http;
    private final Clock clock;
    /** The sending side's key pair, one a minute (RFC 8291). */
    private final SenderKeys keys;
    private final Config config;
    /** Claims and hands out pushes; one thread, so passes never overlap. */
    private final ScheduledExecutorService loop;
    /** Every POLL while there is something to send; backing off to {@link Pacer#IDLE} while nothing is queued. */
    private final Pacer pacer;
    /** Sends: {@code workers} at once. */
    private final ExecutorService pool;
    /** Writes what became of pushes, many at a time. */
    private final ExecutorService recorder;
    /** Pushes claimed and not yet recorded: a slow push service holds one slot, not the queue. */
    private final Semaphore slots;
    private final Queue<PushOutbox.Outcome> done = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean recordAsked = new AtomicBoolean();
    /** Each claim this node holds, with how many of its pushes are not yet recorded. */
    private final Map<String, AtomicInteger> openClaims = new ConcurrentHashMap<>();
    /** Devices whose push service asked to wait (429) or failed, until when: known here before it is recorded. */
    private final Map<String, Instant> paused = new ConcurrentHashMap<>();
    private volatile boolean closing;
    private volatile Instant lastPrune = Instant.EPOCH;

    PushSender(PushOutbox outbox, Vapid vapid, OutboundClient http, Clock clock, Config config) {
        this.outbox = outbox;
        this.vapid = vapid;
        this.http = http;
        this.clock = clock;
        this.keys = new SenderKeys(clock);
        this.config = config;
        this.loop = Pacer.loop("parley-push");
        this.pacer = new Pacer(loop, POLL, Pacer.IDLE, this::drain);
        this.pool = Executors.newFixedThreadPool(Math.max(1, config.workers()), Threads.daemon("parley-push-send"));
        this.recorder = Executors.newSingleThreadExecutor(Threads.daemon("parley-push-record"));
        this.slots = new Semaphore(IN_FLIGHT_PER_WORKER * Math.max(1, config.workers()));
    }

    /** Starts sending, from whatever the queue holds (pushes queued before a restart too). */
    void start() {
        if (config.workers() > 0) {
            pacer.start(Duration.ZERO);
        }
    }

    /** A push was queued here, or a slot came free: look now rather than at the next poll. */
    void wake() {
        if (config.workers() == 0 || closing) {
            return;
        }
        pacer.kick(); // one pass for a burst of wakes; stopping: the push waits for the next node or start
    }

    /** Claims as many due pushes as there are free slots and hands each to a worker. */
    /** Answers whether there was anything to send (or no slot to send it in). */
    private boolean drain() {
        boolean found = false;
        try {
            while (!closing) {
                int free = slots.availablePermits();
                if (free == 0) {
                    return true; // a finishing push wakes the next pass
                }
                String claim = UUID.randomUUID().toString();
                Instant now = clock.instant();
                List<PushOutbox.Claimed> claimed = outbox.claim(claim, free, now, now.plus(CLAIM));
                if (claimed.isEmpty()) {
                    break;
                }
                found = true;
                slots.acquireUninterruptibly(claimed.size()); // only this thread takes slots: they are there
                openClaims.put(claim, new AtomicInteger(claimed.size()));
                for (PushOutbox.Claimed c : claimed) {
                    pool.execute(() -> {
                        try {
                            send(c).ifPresent(done::add);
                        } catch (RuntimeException e) {
                            LOG.warn("a Web Push failed unexpectedly; it is dropped", e);
                            done.add(PushOutbox.Outcome.done(c, "failed", null, clock.instant()));
                        } finally {
                            slots.release();
                            askRecord();
                        }
                    });
                }
            }
            prune();
        } catch (RuntimeException e) {
            LOG.warn("a Web Push pass failed; the next one retries", e);
            return true;
        }
        return found;
    }

    private void askRecord() {
        if (recordAsked.getAndSet(true)) {
            return;
        }
        try {
            recorder.execute(this::record);
        } catch (RejectedExecutionException stopping) {
            recordAsked.set(false); // close() records what is left
        }
    }

    /** Writes every outcome waiting, in one transaction, then lets the loop fill the freed slots. */
    private void record() {
        recordAsked.set(false);
        List<PushOutbox.Outcome> batch = new ArrayList<>();
        for (PushOutbox.Outcome o = done.poll(); o != null; o = done.poll()) {
            batch.add(o);
        }
        if (!batch.isEmpty()) {
            try {
                outbox.record(batch);
            } catch (RuntimeException e) {
                LOG.warn("could not record {} Web Push outcomes; their claims run out and they are tried again", batch.size(), e);
            }
            for (PushOutbox.Outcome o : batch) {
                AtomicInteger left = openClaims.get(o.push().claim());
                if (left != null && left.decrementAndGet() == 0) {
                    openClaims.remove(o.push().claim());
                }
            }
        }
        wake();
    }

    /** Sends one push; empty when it was not tried (stopping), so the batch's release puts it back. */
    private Optional<PushOutbox.Outcome> send(PushOutbox.Claimed c) {
        if (closing) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Instant wait = paused.get(c.deviceId());
        if (wait != null && now.isBefore(wait)) {
            return Optional.of(PushOutbox.Outcome.retry(c, null, false, wait)); // its push service asked to wait
        }
        paused.remove(c.deviceId(), wait);
        long ttl = config.ttl().minus(Duration.between(c.createdAt(), now)).toSeconds();
        if (ttl <= 0) {
            return Optional.of(PushOutbox.Outcome.done(c, "expired", null, now));
        }
        Integer status = null;
        Optional<String> retryAfter = Optional.empty();
        try {
            byte[] body = keys.encrypt(c.p256dh(), c.auth(), c.payload().getBytes(StandardCharsets.UTF_8));
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
        return Optional.of(outcome(c, status, retryAfter, now));
    }

    private PushOutbox.Outcome outcome(PushOutbox.Claimed c, Integer status, Optional<String> retryAfter, Instant now) {
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
        paused.values().removeIf(until -> !now.isBefore(until));
        outbox.prune(now.minus(KEEP_DONE));
    }

    /** Stops sending; what this node claimed and did not send goes back to the queue. */
    @Override
    public void close() {
        closing = true;
        loop.shutdown();
        pool.shutdown();
        try {
            if (!loop.awaitTermination(15, TimeUnit.SECONDS) || !pool.awaitTermination(15, TimeUnit.SECONDS)) {
                LOG.warn("Web Push did not stop in time; its claims run out instead of being given back");
            }
            recorder.shutdown();
            recorder.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        record(); // what finished while stopping
        for (String claim : openClaims.keySet()) {
            try {
                outbox.release(claim);
            } catch (RuntimeException e) {
                LOG.warn("could not give back a Web Push claim; it runs out instead", e);
            }
        }
    }
}
