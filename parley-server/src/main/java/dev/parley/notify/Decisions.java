package dev.parley.notify;

import dev.parley.lifecycle.Threads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the decision on every node: claims due rows (one node wins each, under a lease), decides
 * each, hands a verdict to every sink, then marks the row decided. A node that dies holding rows
 * leaves them to another once the lease lapses; a graceful stop gives them back at once. A sink
 * may hear a verdict twice (a crash after it heard, before the row was marked), never zero times.
 */
final class Decisions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Decisions.class);
    private static final Duration LEASE = Duration.ofSeconds(60);
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);
    private static final int CLAIM_AT_ONCE = 200;

    private final PendingStore store;
    private final Decider decider;
    private final List<NotificationSink> sinks;
    private final Clock clock;
    private final Duration delay;
    /** After a verdict, the row's next one waits at least this long (never less than the delay). */
    private final Duration collapse;
    private final String claimer;
    private final ScheduledExecutorService timer;
    private Instant lastPrune = Instant.MIN;

    Decisions(PendingStore store, Decider decider, List<NotificationSink> sinks, Clock clock, Duration delay,
              Duration collapse, String nodeId) {
        this.store = store;
        this.decider = decider;
        this.sinks = List.copyOf(sinks);
        this.clock = clock;
        this.delay = delay;
        this.collapse = collapse;
        // One claimer per run of the node: a restarted node does not take over its old claims
        // before their lease lapses (the graceful stop gave them back already).
        this.claimer = nodeId + "/" + java.util.UUID.randomUUID();
        this.timer = Executors.newSingleThreadScheduledExecutor(Threads.daemon("parley-notify"));
    }

    /** How often due rows are looked for: a quarter of the delay, between 100 ms and 1 s. */
    static Duration pollEvery(Duration delay) {
        long ms = Math.max(100, Math.min(1_000, delay.toMillis() / 4));
        return Duration.ofMillis(ms);
    }

    void start() {
        long every = pollEvery(delay).toMillis();
        timer.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            List<PendingStore.Row> claimed;
            do {
                long now = clock.millis();
                claimed = store.claim(claimer, now, now + LEASE.toMillis(), CLAIM_AT_ONCE);
                List<PendingStore.Decided> decided = new java.util.ArrayList<>(claimed.size());
                for (PendingStore.Row row : claimed) {
                    try {
                        decided.add(decide(row));
                    } catch (RuntimeException e) {
                        // Left claimed: decided again, here or on another node, once its lease lapses.
                        LOG.warn("deciding a notification failed", e);
                    }
                }
                long after = clock.millis();
                store.finish(claimer, decided, after + delay.toMillis(), after + collapse.toMillis());
            } while (claimed.size() >= CLAIM_AT_ONCE && !Thread.currentThread().isInterrupted());
            prune();
        } catch (RuntimeException e) {
            LOG.warn("notification decisions failed; trying again", e);
        }
    }

    private PendingStore.Decided decide(PendingStore.Row row) {
        Instant now = clock.instant();
        Optional<NotificationNeeded> verdict = decider.decide(row.accountId(), row.conversationId(), now);
        verdict.ifPresent(v -> {
            sinks.forEach(sink -> {
                try {
                    sink.notificationNeeded(v);
                } catch (RuntimeException e) {
                    LOG.warn("a notification sink failed", e);
                }
            });
            decider.delivered(v); // after the sinks: a crash before repeats the verdict, never loses it
        });
        return new PendingStore.Decided(row, verdict.isPresent() ? now.toEpochMilli() : null);
    }

    private void prune() {
        Instant now = clock.instant();
        if (lastPrune.plus(PRUNE_EVERY).isBefore(now)) {
            lastPrune = now;
            // Kept for the collapse window: pruned sooner, the next message would be told at once.
            store.prune(now.minus(collapse).toEpochMilli());
        }
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdown();
        if (!timer.awaitTermination(5, TimeUnit.SECONDS)) {
            timer.shutdownNow();
        }
        try {
            store.release(claimer);
        } catch (RuntimeException e) {
            LOG.debug("claims not given back; they lapse on their own", e);
        }
    }
}
