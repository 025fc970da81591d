package dev.parley.event;

import dev.parley.store.Database;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import org.jdbi.v3.core.Handle;

/**
 * Counters as rows of {@code event_counters}, for stores with many concurrent writers
 * (PostgreSQL, several nodes): the reserving upsert takes the row lock and keeps it until commit,
 * so an account's events become visible in token order.
 */
final class RowCounters implements Counters {
    private static final String RESERVE = "INSERT INTO event_counters (account_id, last_token) VALUES (?, ?) "
            + "ON CONFLICT (account_id) DO UPDATE SET last_token = event_counters.last_token + EXCLUDED.last_token "
            + "RETURNING last_token";
    private static final String ROW = "SELECT last_token, pruned_through FROM event_counters WHERE account_id = ?";

    private final Database db;

    RowCounters(Database db) {
        this.db = db;
    }

    @Override
    public Map<String, Long> reserve(Handle h, SortedMap<String, Integer> counts) {
        Map<String, Long> before = new HashMap<>();
        // One statement per account, in id order: the lock order that keeps writers deadlock-free.
        counts.forEach((account, n) -> {
            long last = h.createQuery(RESERVE).bind(0, account).bind(1, (long) n).mapTo(Long.class).one();
            before.put(account, last - n);
        });
        return before;
    }

    @Override
    public long last(String accountId) {
        return row(accountId).map(r -> r[0]).orElse(0L);
    }

    @Override
    public long prunedThrough(String accountId) {
        return row(accountId).map(r -> r[1]).orElse(0L);
    }

    private Optional<long[]> row(String accountId) {
        return db.read(h -> h.createQuery(ROW).bind(0, accountId)
                .map((rs, c) -> new long[] {rs.getLong(1), rs.getLong(2)}).findOne());
    }
}
