package dev.parley.safety;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link FailureLedger} in this node's memory: one node alone, or a cluster while Redis is away. */
final class LocalFailureLedger implements FailureLedger {
    /** Every this many attempts, keys whose window has passed are swept out. */
    private static final long SWEEP_EVERY = 1024;

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong attempts = new AtomicLong();

    private record Entry(State state, long expiresAt) {}

    @Override
    public long attempt(String key, Policy policy, long now) {
        if (attempts.incrementAndGet() % SWEEP_EVERY == 0) {
            entries.values().removeIf(e -> e.expiresAt() <= now);
        }
        long[] wait = {0};
        entries.compute(key, (k, e) -> {
            State s = e == null ? State.NONE : e.state();
            if (s.lockedUntil() > now) {
                wait[0] = s.lockedUntil() - now;
                return e;
            }
            State next = s.counted(policy, now);
            return new Entry(next, next.expiresAt(policy));
        });
        return wait[0];
    }

    @Override
    public void forgive(String key, Policy policy, long now) {
        entries.computeIfPresent(key, (k, e) -> {
            State next = e.state().forgiven(policy, now);
            return new Entry(next, e.expiresAt());
        });
    }

    @Override
    public void clear(String key) {
        entries.remove(key);
    }
}
