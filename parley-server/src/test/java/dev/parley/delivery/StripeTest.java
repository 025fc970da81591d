package dev.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A delivery thread's batching, with a far end that records what reached the wire: a burst to
 * one socket leaves in one write, a lone frame leaves as soon as its task ends, frames never wait
 * behind a thread that stays busy, and frames sent from other threads are not held at all.
 */
@Tag("store-free")
class StripeTest {
    private final Stripe stripe = new Stripe("test-delivery");

    @AfterEach
    void stop() throws Exception {
        stripe.shutdown();
        stripe.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** Frames held in the socket's buffer until a flush, and each write (a flush, or an unbatched send). */
    private static final class WirePeer implements StreamSession.Peer {
        final List<String> buffered = new CopyOnWriteArrayList<>();
        final List<List<String>> writes = new CopyOnWriteArrayList<>();

        @Override
        public void send(String frame) {
            flush();
            writes.add(List.of(frame));
        }

        @Override
        public void sendBatched(String frame) {
            buffered.add(frame);
        }

        @Override
        public void flush() {
            if (!buffered.isEmpty()) {
                writes.add(List.copyOf(buffered));
                buffered.clear();
            }
        }

        @Override
        public void close(int code, String reason) {}
    }

    private static StreamSession socket(WirePeer peer) {
        return new StreamSession(peer, "s", "a-1", "a-1", false, "h", Instant.EPOCH, Optional.empty());
    }

    /** Waits until the far end holds this many frames written (the flush runs after a task, on the stripe). */
    private static void awaitWritten(WirePeer peer, int frames) throws InterruptedException {
        for (int i = 0; i < 500 && peer.writes.stream().mapToInt(List::size).sum() < frames; i++) {
            Thread.sleep(10);
        }
    }

    @Test
    void aBurstToOneSocketLeavesInOneWriteInOrder() throws Exception {
        WirePeer peer = new WirePeer();
        StreamSession s = socket(peer);
        stripe.execute(() -> {
            s.send("sent 1");
            s.send("event 1");
            s.send("event 2");
        });
        awaitWritten(peer, 3);
        assertThat(peer.writes).containsExactly(List.of("sent 1", "event 1", "event 2"));
    }

    @Test
    void aLoneFrameIsWrittenWhenItsTaskEndsWithNothingMoreToDo() throws Exception {
        WirePeer peer = new WirePeer();
        StreamSession s = socket(peer);
        stripe.execute(() -> s.send("hello"));
        // Nothing else is queued: the frame must reach the wire without any later traffic.
        awaitWritten(peer, 1);
        assertThat(peer.writes).containsExactly(List.of("hello"));
        assertThat(peer.buffered).isEmpty();
    }

    @Test
    void framesDoNotWaitBehindAThreadThatStaysBusy() throws Exception {
        WirePeer peer = new WirePeer();
        StreamSession s = socket(peer);
        CountDownLatch release = new CountDownLatch(1);
        // Block the thread so that every task below is queued before the first runs: the queue is
        // never empty between them, so only the task bound can flush.
        stripe.execute(() -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        int tasks = Stripe.MOST_TASKS_UNFLUSHED * 3;
        CountDownLatch firstBatchWritten = new CountDownLatch(1);
        for (int i = 0; i < tasks; i++) {
            int n = i;
            stripe.execute(() -> {
                if (!peer.writes.isEmpty()) {
                    firstBatchWritten.countDown();
                }
                s.send("frame " + n);
            });
        }
        release.countDown();
        assertThat(firstBatchWritten.await(5, TimeUnit.SECONDS)).as("written while tasks were still queued").isTrue();
        awaitWritten(peer, tasks);
        assertThat(peer.writes.get(0)).hasSize(Stripe.MOST_TASKS_UNFLUSHED);
        assertThat(peer.writes.stream().flatMap(List::stream).toList()).as("every frame, in order")
                .isEqualTo(java.util.stream.IntStream.range(0, tasks).mapToObj(i -> "frame " + i).toList());
    }

    @Test
    void aFrameFromAnotherThreadIsWrittenAtOnce() throws Exception {
        WirePeer peer = new WirePeer();
        StreamSession s = socket(peer);
        s.send("typing"); // a socket's own thread (presence, an error): not a stripe
        assertThat(peer.writes).containsExactly(List.of("typing"));
        assertThat(peer.buffered).isEmpty();
    }
}
