package dev.parley.appevents;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A long-poll answers when it has items or when its wait is over, never on a wake-up alone. */
@Tag("store-free")
class WaitersTest {
    private final List<Long> feed = new CopyOnWriteArrayList<>();
    private final AtomicLong newest = new AtomicLong();

    private List<Long> after(long cursor) {
        return feed.stream().filter(id -> id > cursor).toList();
    }

    private void append(long id) {
        feed.add(id);
        newest.set(id);
    }

    @Test
    void aWakeUpWithNothingPastTheCursorKeepsWaiting() throws Exception {
        append(1);
        try (Waiters waiters = new Waiters(app -> newest.get())) {
            CompletableFuture<List<Long>> polled = waiters.next("app", 1, Duration.ofSeconds(30), () -> after(1));
            waiters.wake("app"); // a late nudge for event 1, or a commit that added nothing to the feed
            assertThat(polled).isNotDone(); // the wake-up read the feed on this thread and found nothing
            append(2);
            waiters.wake("app");
            assertThat(polled.get(5, TimeUnit.SECONDS)).containsExactly(2L);
        }
    }

    @Test
    void anEventAlreadyThereAnswersAtOnceAndAnEmptyWaitEndsEmpty() throws Exception {
        append(1);
        try (Waiters waiters = new Waiters(app -> newest.get())) {
            assertThat(waiters.next("app", 0, Duration.ofSeconds(30), () -> after(0)).getNow(null)).containsExactly(1L);
            assertThat(waiters.next("app", 1, Duration.ofMillis(50), () -> after(1)).get(5, TimeUnit.SECONDS)).isEmpty();
        }
    }

    @Test
    void anEventWrittenElsewhereIsFoundByTheCheckWithoutANudge() throws Exception {
        try (Waiters waiters = new Waiters(app -> newest.get())) {
            CompletableFuture<List<Long>> polled = waiters.next("app", 0, Duration.ofSeconds(30), () -> after(0));
            append(1); // another node's commit whose nudge was lost
            assertThat(polled.get(10, TimeUnit.SECONDS)).containsExactly(1L);
        }
    }
}
