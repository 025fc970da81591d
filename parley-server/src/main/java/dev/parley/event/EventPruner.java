package dev.parley.event;

import dev.parley.lifecycle.Threads;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops sync events older than the retention once an hour, so the event log does not grow
 * without end; a client offline longer than that resyncs from the conversations instead.
 */
public final class EventPruner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventPruner.class);

    private final EventStore events;
    private final Clock clock;
    private final Duration retention;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Threads.daemon("parley-housekeeping"));

    /** Starts pruning: first a minute from now, then every hour. */
    public EventPruner(EventStore events, Clock clock, Duration retention) {
        this.events = events;
        this.clock = clock;
        this.retention = retention;
        timer.scheduleWithFixedDelay(this::prune, 1, 60, TimeUnit.MINUTES);
    }

    private void prune() {
        try {
            int n = events.prune(clock.instant().minus(retention));
            if (n > 0) {
                LOG.info("pruned {} sync events older than {}", n, retention);
            }
        } catch (RuntimeException e) {
            LOG.warn("pruning sync events failed", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
