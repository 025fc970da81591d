package dev.parley.media;

import dev.parley.http.ApiException;
import dev.parley.lifecycle.LowPriority;
import dev.parley.lifecycle.Threads;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Where an upload's body is taken in: threads at the least priority ({@link LowPriority}), not the
 * web server's request threads. Receiving a file, finding its type from its bytes, scanning and
 * storing it are work nobody waits for in real time, while a text message is (issue 18: text had
 * to keep its rate while uploads run beside it). The request thread hands the upload over and is
 * free at once; the answer is written when the receiver is done.
 *
 * <p>What follows the body's work and takes the database's writer lock (recording the upload, marking
 * its thumbnails) runs on {@link #normal()} threads instead: a low-priority thread holding that lock
 * while starved of CPU would hold up every send behind it. Those threads are all started here, on
 * the node's starting thread: Linux gives a new thread its creator's scheduling class, so a pool
 * that grew when a receiver or the image thread handed it work made its new threads idle-class too
 * (issue 18: every recording thread of a node under uploads ran in the idle class).
 *
 * <p>At most {@code concurrent} uploads are taken in at once on a node; one more is refused at
 * once with 503 {@code uploads_busy} and a Retry-After, before its body is read, instead of
 * holding a socket open while it waits for a turn.
 */
final class UploadReceivers implements AutoCloseable {
    /** Recording threads: their writes queue for the store's one writer anyway, so two suffice. */
    private static final int RECORDERS = 2;

    private final ExecutorService threads = Executors.newCachedThreadPool(lowered(Threads.daemon("parley-uploads")));
    private final ThreadPoolExecutor normal = new ThreadPoolExecutor(RECORDERS, RECORDERS, 0, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), Threads.daemon("parley-upload-records"));
    private final Semaphore admitted;

    UploadReceivers(int concurrent) {
        this.admitted = new Semaphore(concurrent);
        normal.prestartAllCoreThreads(); // now, at this thread's priority; the pool never grows later
    }

    /** Runs an upload on a receiver; its failure (an {@code ApiException} too) completes the future. */
    <T> CompletableFuture<T> submit(Supplier<T> upload) {
        if (!admitted.tryAcquire()) {
            throw busy();
        }
        try {
            return CompletableFuture.supplyAsync(upload, threads).whenComplete((v, e) -> admitted.release());
        } catch (RejectedExecutionException stopping) {
            admitted.release();
            throw busy();
        }
    }

    /** Threads at normal priority, for the database writes that follow low-priority work. */
    java.util.concurrent.Executor normal() {
        return normal;
    }

    private static ThreadFactory lowered(ThreadFactory named) {
        return task -> named.newThread(() -> {
            LowPriority.lowerThisThread();
            task.run();
        });
    }

    private static ApiException busy() {
        return ImageWorker.busy("The server is taking in as many uploads as it can; try again in a few seconds.");
    }

    @Override
    public void close() {
        threads.shutdownNow();
        normal.shutdown();
    }
}
