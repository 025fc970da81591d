package dev.parley.appevents;

import dev.parley.lifecycle.Threads;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * Long-polls waiting for an app's next event. A commit on this node wakes them at once; an event
 * written by another node is noticed by a check of the feed's newest id every {@link #POLL}.
 */
final class Waiters implements AutoCloseable {
    static final Duration POLL = Duration.ofSeconds(1);

    /** One long-poll: the app, the cursor it waits beyond, and the future its answer hangs on. */
    private record Waiter(String appId, long after, CompletableFuture<Void> done) {}

    private final Map<String, Set<Waiter>> byApp = new ConcurrentHashMap<>();
    private final ToLongFunction<String> lastId;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Threads.daemon("parley-app-events-wait"));

    /** @param lastId the newest id of an app's feed, from the store */
    Waiters(ToLongFunction<String> lastId) {
        this.lastId = lastId;
        timer.scheduleWithFixedDelay(this::poll, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Completes when the app's feed moves past {@code after}, or after {@code wait}, whichever is first. */
    CompletableFuture<Void> await(String appId, long after, Duration wait) {
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
            timer.schedule(() -> w.done().complete(null), wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            w.done().complete(null); // the node is stopping: answer now
        }
        if (lastId.applyAsLong(appId) > after) { // arrived between the caller's read and now
            w.done().complete(null);
        }
        return w.done();
    }

    /** The app's feed moved: answer its long-polls. */
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
                long last = lastId.applyAsLong(app);
                set.stream().filter(w -> last > w.after()).forEach(w -> w.done().complete(null));
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
