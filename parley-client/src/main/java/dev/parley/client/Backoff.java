package dev.parley.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before another round of attempts, once every node failed in the last round:
 * {@code first}, then twice as long each round up to {@code cap}, each wait drawn between half
 * and all of that (jitter, so the clients a node dropped do not all come back in the same
 * millisecond). No round starts once {@code budget} has passed since the call began (or the
 * stream dropped).
 */
record Backoff(Duration first, Duration cap, Duration budget) {
    /** A call's default: 100 ms, 200, 400… at most 1 s each, and no new round after 3 s. */
    static final Backoff CALLS = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(3));
    /** The longest a resuming stream waits between rounds, however long it keeps trying. */
    static final Duration STREAM_CAP = Duration.ofSeconds(5);

    Backoff {
        if (first.isNegative() || cap.isNegative() || budget.isNegative()) {
            throw new IllegalArgumentException("backoff durations must not be negative");
        }
    }

    /** The same growth, with another budget (a stream's auto-resume keeps trying longer than a call). */
    Backoff lasting(Duration otherBudget) {
        return new Backoff(first, STREAM_CAP.compareTo(cap) > 0 ? STREAM_CAP : cap, otherBudget);
    }

    /** The wait before round {@code round} (1 for the second round), in milliseconds. */
    long waitMillis(int round) {
        long full = Math.min(cap.toMillis(), first.toMillis() << Math.min(Math.max(round - 1, 0), 20));
        long half = full / 2;
        return half + ThreadLocalRandom.current().nextLong(full - half + 1);
    }
}
