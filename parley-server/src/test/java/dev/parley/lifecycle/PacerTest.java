package dev.parley.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A background pass that finds nothing backs off (an idle node stops burning CPU on empty looks),
 * comes back to its busy pace as soon as it finds work, and runs at once when work is queued here.
 */
@Tag("store-free")
class PacerTest {
    private final ScheduledExecutorService loop = Pacer.loop("pacer-test");

    @AfterEach
    void stop() {
        loop.shutdownNow();
    }

    @Test
    void passesThatFindNothingComeLessAndLessOften() throws Exception {
        AtomicInteger passes = new AtomicInteger();
        Pacer pacer = new Pacer(loop, Duration.ofMillis(20), Duration.ofSeconds(30), () -> {
            passes.incrementAndGet();
            return false;
        });
        pacer.start(Duration.ZERO);
        Thread.sleep(1_500);
        // At a fixed 20 ms this would be about 75 passes; doubling from 20 ms: 0, 20, 60, 140, 300, 620, 1260.
        assertThat(passes.get()).isBetween(3, 9);
    }

    @Test
    void passesThatFindWorkKeepTheBusyPace() throws Exception {
        AtomicInteger passes = new AtomicInteger();
        Pacer pacer = new Pacer(loop, Duration.ofMillis(20), Duration.ofSeconds(30), () -> {
            passes.incrementAndGet();
            return true;
        });
        pacer.start(Duration.ZERO);
        Thread.sleep(1_000);
        assertThat(passes.get()).isGreaterThan(20);
    }

    @Test
    void aKickRunsAPassAtOnceWhileIdleAndWorkFoundBringsTheBusyPaceBack() throws Exception {
        AtomicInteger passes = new AtomicInteger();
        AtomicBoolean work = new AtomicBoolean();
        Pacer pacer = new Pacer(loop, Duration.ofMillis(20), Duration.ofMinutes(10), () -> {
            passes.incrementAndGet();
            return work.getAndSet(false);
        });
        pacer.start(Duration.ZERO);
        Thread.sleep(1_500); // backed off: the next pass is about 1.3 s away, and the one after 2.6 s
        int idle = passes.get();
        work.set(true);
        pacer.kick();
        waitFor(() -> passes.get() > idle, 1_000);
        assertThat(passes.get()).as("a kick runs a pass at once").isGreaterThan(idle);
        // The kicked pass found work: the pace is busy again, then backs off anew.
        Thread.sleep(300);
        assertThat(passes.get() - idle).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aPassThatThrowsIsTriedAgain() throws Exception {
        AtomicInteger passes = new AtomicInteger();
        Pacer pacer = new Pacer(loop, Duration.ofMillis(20), Duration.ofSeconds(30), () -> {
            if (passes.incrementAndGet() < 5) {
                throw new IllegalStateException("the store is busy");
            }
            return true;
        });
        pacer.start(Duration.ZERO);
        waitFor(() -> passes.get() >= 10, 5_000);
        assertThat(passes.get()).isGreaterThanOrEqualTo(10);
    }

    /** A node's stop shuts its loops down and waits for them: the pass waiting its (idle) time must not hold that up. */
    @Test
    void shuttingTheLoopDownDropsThePassThatWaitsForItsTime() throws Exception {
        AtomicInteger passes = new AtomicInteger();
        Pacer pacer = new Pacer(loop, Duration.ofMinutes(1), Duration.ofMinutes(10), () -> {
            passes.incrementAndGet();
            return false;
        });
        pacer.start(Duration.ZERO);
        waitFor(() -> passes.get() == 1, 5_000);
        loop.shutdown();
        assertThat(loop.awaitTermination(10, TimeUnit.SECONDS)).as("stopped without waiting a minute").isTrue();
        assertThat(passes.get()).isEqualTo(1);
    }

    private static void waitFor(java.util.function.BooleanSupplier done, long millis) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!done.getAsBoolean() && System.nanoTime() < until) {
            Thread.sleep(5);
        }
    }
}
