package dev.parley.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waiting for what happens in the background (a dispatcher's attempt, another node's nudge, an
 * index catching up), in one place instead of a hand-written loop per test: polls until the
 * condition holds and fails with the test's own words, and the last value seen, when it does
 * not in time.
 */
public final class Eventually {
    private static final Duration POLL = Duration.ofMillis(20);

    private Eventually() {}

    /** Waits until {@code condition} holds; fails naming {@code what} after {@code timeout}. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        await(what, timeout, condition::getAsBoolean, held -> held);
    }

    /**
     * Reads {@code value} until {@code done} accepts it and answers that value; fails naming
     * {@code what} and the last value read after {@code timeout}.
     */
    public static <T> T await(String what, Duration timeout, Supplier<T> value, java.util.function.Predicate<T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T seen = value.get();
            if (done.test(seen)) {
                return seen;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not in " + timeout.toMillis() + " ms: " + what + " (last seen: " + seen + ")");
            }
            sleep(POLL);
        }
    }

    /** Waits as long as a test must, e.g. for a time window to pass; not for a condition (use await). */
    public static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
