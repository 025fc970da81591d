package dev.parley.store;

import dev.parley.http.ApiException;
import dev.parley.lifecycle.Threads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: one writer thread takes the items that are waiting (up to {@code maxBatch},
 * waiting at most {@code maxWait} for more) and writes them in one transaction, so a batch pays
 * one flush to disk instead of one per item. Each submitter is answered only once the
 * transaction holding its item has committed, and only after the batch's after-commit work (the
 * events it made, pushed to sockets) has run.
 *
 * @implNote What to write is the {@link Batch}'s business; this class only batches, commits and
 * answers. A batch whose transaction fails (a race with another node, a store error) is written
 * again one item per transaction, so one bad item fails alone and nothing of the failed attempt
 * stays. An item the batch itself refuses (its {@link Outcome} holds an error) fails alone
 * without that retry. Closing lets the writer finish what is queued; what arrives after is
 * refused with 503.
 *
 * @param <T> what is submitted (a checked send)
 * @param <R> what each submitter is answered
 */
public final class GroupCommit<T, R> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);
    private static final int QUEUE = 65_536;

    /** What one item's write came to: its answer, or the problem to answer instead. */
    public record Outcome<R>(R value, RuntimeException error) {
        public static <R> Outcome<R> of(R value) {
            return new Outcome<>(value, null);
        }

        public static <R> Outcome<R> failed(RuntimeException error) {
            return new Outcome<>(null, error);
        }
    }

    /** A batch written: one outcome per item in order, and what to do once it has committed. */
    public record Written<R>(List<Outcome<R>> outcomes, Runnable afterCommit) {}

    /** Writes items inside one open transaction; may throw, which fails the whole transaction. */
    @FunctionalInterface
    public interface Batch<T, R> {
        Written<R> write(Handle h, List<T> items);
    }

    /** How the batches went so far: how many, how many items they held, and the largest. */
    public record Stats(long batches, long items, long largest, long retriedOneByOne) {}

    private record Job<T, R>(T item, CompletableFuture<R> done) {}

    /** Queued by {@link #close()} so an idle writer notices at once (it waits a second at a time). */
    @SuppressWarnings("rawtypes")
    private static final Job WAKE = new Job<>(null, null);
    /** How long an idle writer waits for a first item before it looks whether it is closing. */
    private static final long IDLE_WAIT_MILLIS = 1_000;

    private final Database db;
    private final Batch<T, R> batch;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final BlockingQueue<Job<T, R>> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Thread writer;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong items = new AtomicLong();
    private final AtomicLong largest = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    /** A one-item write PostgreSQL rolled back for a deadlock is written again this many times. */
    private static final int RACE_RETRIES = 2;
    private volatile boolean running = true;

    /**
     * Starts the writer thread.
     *
     * @param name          the writer thread's name
     * @param maxBatch      the most items one transaction writes
     * @param maxWaitMicros how long the writer waits for more items before it commits a batch
     */
    public GroupCommit(String name, Database db, Batch<T, R> batch, int maxBatch, long maxWaitMicros) {
        this.db = db;
        this.batch = batch;
        this.maxBatch = maxBatch;
        this.maxWaitNanos = TimeUnit.MICROSECONDS.toNanos(maxWaitMicros);
        this.writer = Threads.daemon(name).newThread(this::loop);
        writer.start();
    }

    /** Queues an item for the next batch; completes once it is committed, or with why it was not. */
    public CompletableFuture<R> submit(T item) {
        CompletableFuture<R> done = new CompletableFuture<>();
        if (!running || !queue.offer(new Job<>(item, done))) {
            done.completeExceptionally(new ApiException(503, "overloaded", "Server busy",
                    "Too many messages are waiting to be written; try again shortly."));
        }
        return done;
    }

    public Stats stats() {
        return new Stats(batches.get(), items.get(), largest.get(), retried.get());
    }

    private void loop() {
        List<Job<T, R>> jobs = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Job<T, R> first = queue.poll(IDLE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null || first == WAKE) {
                    continue;
                }
                jobs.add(first);
                gather(jobs);
                if (!running) {
                    jobs.remove(WAKE);
                }
                write(jobs);
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            } catch (RuntimeException | Error e) {
                LOG.error("group commit failed unexpectedly", e);
                jobs.forEach(j -> j.done().completeExceptionally(e));
            } finally {
                jobs.clear();
            }
        }
        queue.stream().filter(j -> j != WAKE).forEach(j -> j.done().completeExceptionally(
                new ApiException(503, "shutting_down", "Shutting down", "This node is shutting down; send again.")));
    }

    /**
     * Takes what is queued, and waits up to maxWait for more while the batch is not full.
     *
     * @implNote Waiting on the queue wakes the writer for each item that arrives (a thread switch
     * each). Sleeping out the window instead and being woken only by the item that fills the batch
     * was tried (issue 22, 8 Dec): 0.8 fewer switches a message at 1,000 msg/s, no CPU saving above
     * the noise, and a median latency 0.2 ms longer, so not kept.
     */
    private void gather(List<Job<T, R>> jobs) throws InterruptedException {
        queue.drainTo(jobs, maxBatch - jobs.size());
        long deadline = System.nanoTime() + maxWaitNanos;
        while (jobs.size() < maxBatch) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Job<T, R> next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            jobs.add(next);
            queue.drainTo(jobs, maxBatch - jobs.size());
        }
    }

    private void write(List<Job<T, R>> jobs) {
        write(jobs, 0);
    }

    /**
     * PostgreSQL's deadlock (40P01) or serialization failure (40001): the database rolled the
     * transaction back to let another go, and the same write may succeed at once.
     */
    static boolean lostARace(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof java.sql.SQLException q && ("40P01".equals(q.getSQLState()) || "40001".equals(q.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    private void write(List<Job<T, R>> jobs, int attempt) {
        List<Outcome<R>> outcomes;
        try {
            outcomes = commit(jobs);
        } catch (RuntimeException batchFailed) {
            if (jobs.size() == 1) {
                if (lostARace(batchFailed) && attempt < RACE_RETRIES) {
                    // PostgreSQL broke a lock cycle with another writer by rolling this transaction back
                    // whole: writing it again is what the one-by-one fallback below already relies on.
                    LOG.debug("a write lost a lock race; writing it again", batchFailed);
                    write(jobs, attempt + 1);
                    return;
                }
                jobs.get(0).done().completeExceptionally(batchFailed);
                return;
            }
            LOG.debug("a batch of {} items failed; writing them one by one", jobs.size(), batchFailed);
            retried.incrementAndGet();
            for (Job<T, R> j : jobs) {
                write(List.of(j), 0);
            }
            return;
        }
        for (int i = 0; i < jobs.size(); i++) {
            Outcome<R> o = outcomes.get(i);
            if (o.error() != null) {
                jobs.get(i).done().completeExceptionally(o.error());
            } else {
                jobs.get(i).done().complete(o.value());
            }
        }
    }

    /** Writes the items in one transaction, then runs the batch's after-commit work. */
    private List<Outcome<R>> commit(List<Job<T, R>> jobs) {
        List<T> its = new ArrayList<>(jobs.size());
        for (Job<T, R> j : jobs) {
            its.add(j.item());
        }
        Written<R> written = db.write(h -> batch.write(h, its));
        batches.incrementAndGet();
        items.addAndGet(its.size());
        largest.accumulateAndGet(its.size(), Math::max);
        written.afterCommit().run();
        return written.outcomes();
    }

    @Override
    public void close() {
        running = false; // the writer finishes what is queued, then stops (no interrupt mid-commit)
        @SuppressWarnings("unchecked")
        Job<T, R> wake = WAKE;
        queue.offer(wake); // a full queue keeps the writer busy anyway
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
