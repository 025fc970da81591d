package dev.parley.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.http.ApiException;
import dev.parley.lifecycle.LowPriority;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: an upload's body is taken in on threads at the least priority, not on the request
 * thread, and a node takes in a bounded number at once, refusing one more before reading it.
 */
@Tag("store-free")
class UploadReceiversTest {

    @Test
    void uploadsAreTakenInAtTheLeastPriorityOnLinux() throws Exception {
        try (UploadReceivers receivers = new UploadReceivers(4)) {
            boolean idle = receivers.submit(LowPriority::idleClassForThisThread).get(10, TimeUnit.SECONDS);
            var nice = receivers.submit(LowPriority::niceOfThisThread).get(10, TimeUnit.SECONDS);
            if (System.getProperty("os.name").toLowerCase().contains("linux")) {
                assertThat(idle).isTrue();
                assertThat(nice).hasValue(19);
                assertThat(LowPriority.idleClassForThisThread()).isFalse();
            }
        }
    }

    /**
     * A receiver hands the upload's recording to a normal thread; Linux gives a new thread its
     * creator's class, so a pool that grew from the receiver ran its recording in the idle class,
     * holding the store's writer lock while starved.
     */
    @Test
    void whatAReceiverHandsOnIsRecordedAtNormalPriority() throws Exception {
        try (UploadReceivers receivers = new UploadReceivers(4)) {
            for (int i = 0; i < 4; i++) {
                boolean idle = receivers.submit(() -> "body")
                        .thenApplyAsync(body -> LowPriority.idleClassForThisThread(), receivers.normal())
                        .get(10, TimeUnit.SECONDS);
                var nice = receivers.submit(() -> "body")
                        .thenApplyAsync(body -> LowPriority.niceOfThisThread(), receivers.normal())
                        .get(10, TimeUnit.SECONDS);
                if (System.getProperty("os.name").toLowerCase().contains("linux")) {
                    assertThat(idle).isFalse();
                    assertThat(nice.getAsInt()).isLessThan(19);
                }
            }
        }
    }

    @Test
    void onePastTheLimitIsRefusedAtOnceAndTheNextIsTakenOnceOneEnds() throws Exception {
        try (UploadReceivers receivers = new UploadReceivers(1)) {
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<String> first = receivers.submit(() -> {
                await(release);
                return "first";
            });
            ImageWorkerTest.assertRefusedAsBusy(() -> receivers.submit(() -> "second"));
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
            assertThat(receivers.submit(() -> "third").get(10, TimeUnit.SECONDS)).isEqualTo("third");
        }
    }

    @Test
    void aRefusedUploadIsTheFuturesErrorAndFreesItsPlace() throws Exception {
        try (UploadReceivers receivers = new UploadReceivers(1)) {
            CompletableFuture<String> failed = receivers.submit(() -> {
                throw new ApiException(413, "file_too_large", "File too large", "…");
            });
            assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(ApiException.class);
            assertThat(receivers.submit(() -> "next").get(10, TimeUnit.SECONDS)).isEqualTo("next");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
