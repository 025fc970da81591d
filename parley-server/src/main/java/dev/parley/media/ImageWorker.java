package dev.parley.media;

import dev.parley.http.ApiException;
import dev.parley.lifecycle.LowPriority;
import dev.parley.lifecycle.SpareCpu;
import dev.parley.lifecycle.Threads;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one thread for image work: an upload's metadata taken out (chunk by chunk for an upright
 * PNG or JPEG, a re-encode for a turned or odd one), then its two thumbnails (from one decode).
 * Decoding a 1 MB photo takes a core for tens of milliseconds; run by every upload's
 * request thread it took both cores from sending (issue 18: ten uploaders in a loop left text a
 * fifth of its rate). One thread bounds image work to one core and to one decoded image in the heap
 * at a time, and it runs at the least OS priority where it can ({@link LowPriority}), so it has
 * the CPU when delivery does not want it. While the rest of the node is busy, it also keeps to a
 * small share of a core ({@link SpareCpu}): idle-class work beside a closed loop of sends still
 * cost them a fifth of their rate on two cores.
 *
 * <p>Back-pressure: at most {@code waiting} re-encodings wait their turn; past that an upload is
 * refused at once with 503 {@code uploads_busy} and a Retry-After, rather than holding a request
 * thread for longer than a client waits. Thumbnails queue behind the re-encodings already admitted
 * (one FIFO), so they never starve and never outrun the uploads that made them.
 */
final class ImageWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ImageWorker.class);
    /** How long an admitted upload waits for its turn and its work before it is answered 503. */
    private static final long TURN_SECONDS = 60;

    private final ExecutorService thread =
            Executors.newSingleThreadExecutor(Threads.daemon("parley-images"));
    private final Semaphore admitted;
    /** Used only on {@link #thread}. */
    private final SpareCpu spare = new SpareCpu();

    ImageWorker(int waiting) {
        this.admitted = new Semaphore(waiting);
        thread.execute(LowPriority::lowerThisThread);
    }

    /** What image work gives way to while the node is busy: the count of messages committed so far. */
    void yieldTo(java.util.function.LongSupplier sendsCommitted) {
        spare.yieldTo(sendsCommitted);
    }

    /** Seconds the image thread has paused so far to give way to sends. */
    double pausedSeconds() {
        return spare.pausedSeconds();
    }

    /** Runs image work for a request that waits for it: an upload's re-encoding. */
    <T> T now(Callable<T> work) throws IOException {
        if (!admitted.tryAcquire()) {
            throw busy();
        }
        Future<T> f;
        try {
            f = thread.submit(() -> {
                try {
                    return spare.run(work);
                } finally {
                    admitted.release();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            admitted.release();
            throw busy(); // stopping
        }
        try {
            return f.get(TURN_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw busy();
        } catch (TimeoutException e) {
            f.cancel(true);
            throw busy();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            LOG.error("image work failed; the upload is refused", c); // an Error: in the node's log, not only the answer
            throw new IOException(c);
        }
    }

    /**
     * Queues image work nobody waits for (thumbnails); dropped only when the node stops. Work that
     * fails in a way it did not handle itself, an Error included (a heap run out), is logged here in
     * the node's own format; the thread goes on with the next, keeping its low priority, rather than
     * dying with a bare trace on stderr and being replaced.
     */
    void later(Runnable work) {
        try {
            thread.execute(() -> {
                try {
                    spare.run(work);
                } catch (InterruptedException stopping) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException | Error e) {
                    LOG.error("image work failed; the original is served instead of its thumbnails", e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // The node is stopping: the original is served until a restart's sweep.
        }
    }

    private static ApiException busy() {
        return busy("The server is busy processing other images; try again in a few seconds.");
    }

    /** The one refusal of an upload the node has no room for now: 503 {@code uploads_busy}, Retry-After 5 s. */
    static ApiException busy(String detail) {
        return new ApiException(503, "uploads_busy", "Busy with other uploads", detail, Map.of("retry_after", 5L));
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
