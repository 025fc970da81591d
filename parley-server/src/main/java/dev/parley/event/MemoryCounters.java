package dev.parley.event;

import dev.parley.store.Database;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;

/**
 * Counters kept in memory, for a store that one writer owns (SQLite: one connection, one lock).
 * Saves a counter write per member per message on the commit path.
 *
 * @implNote An account's counter is recovered on first use from what the store holds: the
 * newest event, or the counter row that pruning leaves behind. A reservation is published to
 * the cache only after its transaction commits, and before the writer lock is released (from
 * {@link Handle#afterCommit}), so the next writer always starts from the committed value and a
 * rolled-back transaction leaves no gap. Readers see only committed values.
 */
final class MemoryCounters implements Counters {
    private static final String NEWEST = "SELECT MAX(token) FROM events WHERE account_id = ?";
    private static final String ROW = "SELECT last_token, pruned_through FROM event_counters WHERE account_id = ?";

    private final Database db;
    private final Map<String, Long> committed = new ConcurrentHashMap<>();

    MemoryCounters(Database db) {
        this.db = db;
    }

    @Override
    public Map<String, Long> reserve(Handle h, SortedMap<String, Integer> counts) {
        Map<String, Long> before = new HashMap<>();
        Map<String, Long> after = new HashMap<>();
        counts.forEach((account, n) -> {
            long last = committed.computeIfAbsent(account, a -> recover(h, a));
            before.put(account, last);
            after.put(account, last + n);
        });
        h.afterCommit(() -> committed.putAll(after));
        return before;
    }

    @Override
    public long last(String accountId) {
        Long cached = committed.get(accountId);
        return cached != null ? cached : db.read(h -> recover(h, accountId));
    }

    @Override
    public long prunedThrough(String accountId) {
        return db.read(h -> row(h, accountId).map(r -> r[1]).orElse(0L));
    }

    private static long recover(Handle h, String accountId) {
        Long newest = h.createQuery(NEWEST).bind(0, accountId).mapTo(Long.class).findOne().orElse(null);
        long fromRow = row(h, accountId).map(r -> Math.max(r[0], r[1])).orElse(0L);
        return Math.max(newest == null ? 0 : newest, fromRow);
    }

    private static Optional<long[]> row(Handle h, String accountId) {
        return h.createQuery(ROW).bind(0, accountId)
                .map((rs, c) -> new long[] {rs.getLong(1), rs.getLong(2)}).findOne();
    }
}
