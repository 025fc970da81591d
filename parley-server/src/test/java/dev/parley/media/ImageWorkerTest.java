package dev.parley.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.http.ApiException;
import dev.parley.lifecycle.LowPriority;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: image work is bounded (one thread, a short queue, 503 past it) and yields the CPU to
 * sending (the least priority), so uploads beside a text load cannot take both cores.
 */
@Tag("store-free")
class ImageWorkerTest {

    @Test
    void imageWorkRunsAtTheLeastPriorityOnLinux() throws Exception {
        try (ImageWorker worker = new ImageWorker(4)) {
            var nice = worker.now(LowPriority::niceOfThisThread);
            boolean idle = worker.now(LowPriority::idleClassForThisThread);
            if (System.getProperty("os.name").toLowerCase().contains("linux")) {
                assertThat(nice).hasValue(19);
                // In the idle class, so a waking sender preempts it at once (nice 19 alone did not).
                assertThat(idle).isTrue();
                assertThat(LowPriority.idleClassForThisThread()).isFalse();
                // …and only that thread: the caller keeps its own priority.
                assertThat(LowPriority.niceOfThisThread().getAsInt()).isLessThan(19);
            }
        }
    }

    @Test
    void uploadsPastTheQueueAreRefusedWithRetryAfterAndLaterOnesAreTakenAgain() throws Exception {
        try (ImageWorker worker = new ImageWorker(1)) {
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
                try {
                    return worker.now(() -> {
                        running.countDown();
                        release.await(10, TimeUnit.SECONDS);
                        return "first";
                    });
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

            assertRefusedAsBusy(() -> worker.now(() -> "second"));

            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
            assertThat(worker.now(() -> "third")).isEqualTo("third");
        }
    }

    @Test
    void aFailedImageIsTheUploadsErrorAndFreesItsPlace() throws Exception {
        try (ImageWorker worker = new ImageWorker(1)) {
            assertThatThrownBy(() -> worker.now(() -> {
                throw new java.io.IOException("not an image");
            })).isInstanceOf(java.io.IOException.class).hasMessage("not an image");
            assertThat(worker.now(() -> "next")).isEqualTo("next");
        }
    }

    @Test
    void thumbnailsRunInTurnBehindTheUploadsAdmittedBeforeThem() throws Exception {
        try (ImageWorker worker = new ImageWorker(8)) {
            List<String> order = new CopyOnWriteArrayList<>();
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Void> upload = CompletableFuture.runAsync(() -> {
                try {
                    worker.now(() -> {
                        release.await(10, TimeUnit.SECONDS);
                        order.add("upload 1");
                        return null;
                    });
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Thread.sleep(100); // the upload holds the thread
            worker.later(() -> order.add("thumbnails 1"));
            CountDownLatch done = new CountDownLatch(1);
            worker.later(done::countDown);
            release.countDown();
            upload.get(10, TimeUnit.SECONDS);
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(order).containsExactly("upload 1", "thumbnails 1");
        }
    }

    /**
     * Image work nobody waits for (thumbnails) that fails, even with an Error such as running out
     * of heap, is logged in Parley's own format, and the image thread goes on with the next.
     */
    @Test
    void failedImageWorkIsLoggedAndTheThreadGoesOn() throws Exception {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(ImageWorker.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try (ImageWorker worker = new ImageWorker(4)) {
            Thread before = worker.now(Thread::currentThread);
            worker.later(() -> {
                throw new OutOfMemoryError("Java heap space");
            });
            CountDownLatch done = new CountDownLatch(1);
            List<Thread> after = new CopyOnWriteArrayList<>();
            worker.later(() -> {
                after.add(Thread.currentThread());
                done.countDown();
            });
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(after).containsExactly(before);
        } finally {
            logger.detachAppender(lines);
        }
        assertThat(lines.list).anySatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(ch.qos.logback.classic.Level.ERROR);
            assertThat(e.getThrowableProxy().getClassName()).isEqualTo(OutOfMemoryError.class.getName());
        });
    }

    /** The one refusal of an upload the node has no room for: 503 {@code uploads_busy}, Retry-After 5 s. */
    static void assertRefusedAsBusy(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.code()).isEqualTo("uploads_busy");
            assertThat(e.extra()).containsEntry("retry_after", 5L);
        });
    }
}
