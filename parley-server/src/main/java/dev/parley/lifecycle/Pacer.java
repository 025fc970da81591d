package dev.parley.lifecycle;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paces a background pass that looks in the store for work (due webhooks, pushes, channel
 * deliveries, jobs): every {@code busy} while passes find work, and while they find none at
 * intervals that double up to {@code idle}. A {@link #kick()} (work was just queued on this node)
 * runs a pass at once and brings the pace back to {@code busy}.
 *
 * @implNote Why: an idle node ran a dozen such passes at fixed 200–1,000 ms intervals, each a
 * store read of about 0.7 ms of CPU (code that runs a few times a second stays cold), which cost
 * the node about 3% of a core doing nothing, and at low message rates that fixed cost was a large
 * share of what a message cost (issue 22). What is queued on this node kicks its pass, so only
 * what comes due by the clock (a retry's backoff, another node's lapsed lease, a row written by
 * another node or process) waits for the slower pace, at most {@code idle}.
 *
 * <p>Passes run on the given single-thread executor, which the owner makes with {@link #loop} and shuts down.
 */
public final class Pacer {
    private static final Logger LOG = LoggerFactory.getLogger(Pacer.class);
    /** The slowest pace of the node's passes: what only the clock brings is found within this. */
    public static final Duration IDLE = Duration.ofSeconds(2);

    private final ScheduledExecutorService loop;
    private final long busyMillis;
    private final long idleMillis;
    private final BooleanSupplier pass;
    private final AtomicBoolean kickQueued = new AtomicBoolean();
    /** Touched on the loop's thread only. */
    private long delayMillis;
    private ScheduledFuture<?> next;

    /**
     * A single-thread executor for a pacer and its owner. Its shutdown drops the pass that is waiting
     * for its time: a plain scheduled executor would still run it (one-shot delays outlive {@code
     * shutdown()}), and a node's stop would wait up to the idle pace for it.
     */
    public static ScheduledExecutorService loop(String threadName) {
        ScheduledThreadPoolExecutor loop = new ScheduledThreadPoolExecutor(1, Threads.daemon(threadName));
        loop.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        loop.setRemoveOnCancelPolicy(true);
        return loop;
    }

    /**
     * @param loop the executor the passes run on, made by {@link #loop}
     * @param pass one pass; answers whether it found work (then the next pass comes after {@code busy})
     */
    public Pacer(ScheduledExecutorService loop, Duration busy, Duration idle, BooleanSupplier pass) {
        if (idle.compareTo(busy) < 0) {
            throw new IllegalArgumentException("idle must be at least busy");
        }
        this.loop = loop;
        this.busyMillis = busy.toMillis();
        this.idleMillis = idle.toMillis();
        this.pass = pass;
        this.delayMillis = busyMillis;
    }

    /** Runs the first pass after {@code first}. */
    public void start(Duration first) {
        try {
            loop.execute(() -> schedule(first.toMillis()));
        } catch (RejectedExecutionException stopping) {
            // closed before it started
        }
    }

    /**
     * Work was queued here: a pass now (one for a burst of kicks), then the busy pace. A kick that
     * arrives before the work is committed finds nothing, and the next pass comes {@code busy} later.
     */
    public void kick() {
        if (!kickQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            loop.execute(() -> {
                kickQueued.set(false);
                run(true);
            });
        } catch (RejectedExecutionException stopping) {
            kickQueued.set(false);
        }
    }

    private void run(boolean kicked) {
        if (next != null) {
            next.cancel(false); // a kick replaces the pass that was waiting; the pass itself is done with it
        }
        boolean found;
        try {
            found = pass.getAsBoolean();
        } catch (RuntimeException e) {
            LOG.warn("a background pass failed; trying again", e);
            found = true;
        }
        delayMillis = found || kicked ? busyMillis : Math.min(idleMillis, delayMillis * 2);
        schedule(delayMillis);
    }

    private void schedule(long millis) {
        try {
            next = loop.schedule(() -> run(false), millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // the owner shut the loop down
        }
    }
}
