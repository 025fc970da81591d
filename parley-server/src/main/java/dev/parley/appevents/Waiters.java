package dev.parley.appevents;

import dev.parley.lifecycle.Threads;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Long-polls waiting for an app's next event. A commit on this node wakes them at once; an event
 * written by another node is noticed through its nudge, or by a check of the feed's newest event
 * every {@link #POLL}.
 *
 * @implNote A wake-up is only a reason to look: a nudge can be late (another node's, through Redis,
 * for an event the poller's cursor already covers) or be about a commit that added nothing to the
 * feed (anything an app user did). So a woken long-poll reads the feed and answers only if it found
 * items; otherwise it waits again for what is left of its time. The newest id it compares against
 * is that of the newest stored event, not the feed's counter, which also moves for ids a repeat
 * reserved and never used: a gap that would otherwise wake it again at once, for ever.
 */
final class Waiters implements AutoCloseable {
    static final Duration POLL = Duration.ofSeconds(1);

    /** One round of a long-poll: the app, the cursor it waits beyond, and the future it hangs on. */
    private record Waiter(String appId, long after, CompletableFuture<Void> done) {}

    private final Map<String, Set<Waiter>> byApp = new ConcurrentHashMap<>();
    private final ToLongFunction<String> newestId;
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
            Threads.daemon("parley-app-events-wait"));

    /** @param newestId the id of an app's newest stored event (0 for none), from the store */
    Waiters(ToLongFunction<String> newestId) {
        this.newestId = newestId;
        timer.setRemoveOnCancelPolicy(true); // a round that ends early takes its timeout with it
        timer.scheduleWithFixedDelay(this::poll, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Completes with the items {@code read} finds once the app's feed has events past {@code after},
     * or with what it finds (usually none) when {@code wait} is over, whichever is first.
     */
    <T> CompletableFuture<List<T>> next(String appId, long after, Duration wait, Supplier<List<T>> read) {
        return round(appId, after, System.nanoTime() + wait.toNanos(), read);
    }

    private <T> CompletableFuture<List<T>> round(String appId, long after, long deadline, Supplier<List<T>> read) {
        long left = deadline - System.nanoTime();
        return await(appId, after, Math.max(0, left)).thenCompose(v -> {
            List<T> items = read.get();
            if (!items.isEmpty() || System.nanoTime() - deadline >= 0 || timer.isShutdown()) {
                return CompletableFuture.completedFuture(items);
            }
            return round(appId, after, deadline, read); // woken for nothing of ours: wait out the rest
        });
    }

    /** One round: completes when the feed may have moved past {@code after}, or after {@code nanos}. */
    private CompletableFuture<Void> await(String appId, long after, long nanos) {
        Waiter w = new Waiter(appId, after, new CompletableFuture<>());
        byApp.compute(appId, (k, set) -> {
            Set<Waiter> s = set == null ? ConcurrentHashMap.newKeySet() : set;
            s.add(w);
            return s;
        });
        w.done().whenComplete((v, e) -> {
            Set<Waiter> set = byApp.get(appId);
            if (set != null) {
                set.remove(w);
            }
        });
        try {
            ScheduledFuture<?> timeout = timer.schedule(() -> w.done().complete(null), nanos, TimeUnit.NANOSECONDS);
            w.done().whenComplete((v, e) -> timeout.cancel(false));
        } catch (RejectedExecutionException stopping) {
            w.done().complete(null); // the node is stopping: answer now
        }
        if (newestId.applyAsLong(appId) > after) { // arrived between the caller's read and now
            w.done().complete(null);
        }
        return w.done();
    }

    /** The app's feed may have moved: its long-polls look. */
    void wake(String appId) {
        Set<Waiter> set = byApp.get(appId);
        if (set != null) {
            set.forEach(w -> w.done().complete(null));
        }
    }

    private void poll() {
        try {
            byApp.forEach((app, set) -> {
                if (set.isEmpty()) {
                    byApp.computeIfPresent(app, (k, s) -> s.isEmpty() ? null : s);
                    return;
                }
                long newest = newestId.applyAsLong(app);
                set.stream().filter(w -> newest > w.after()).forEach(w -> w.done().complete(null));
            });
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Waiters.class).warn("checking app feeds for long-polls failed", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        byApp.values().forEach(set -> set.forEach(w -> w.done().complete(null)));
    }
}
