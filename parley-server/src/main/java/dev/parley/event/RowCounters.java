package dev.parley.event;

import dev.parley.store.Database;
import dev.parley.store.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Counters as rows of {@code event_counters}, for stores with many concurrent writers
 * (PostgreSQL, several nodes): the reserving upsert takes the row lock and keeps it until commit,
 * so an account's events become visible in token order.
 */
final class RowCounters implements Counters {
    private static final String RESERVE = "INSERT INTO event_counters (account_id, last_token) VALUES (?, ?) "
            + "ON CONFLICT (account_id) DO UPDATE SET last_token = event_counters.last_token + EXCLUDED.last_token "
            + "RETURNING last_token";
    // PostgreSQL: every account in one statement; the ORDER BY makes the rows (and their locks) go in id order.
    private static final String RESERVE_ALL = "INSERT INTO event_counters (account_id, last_token) "
            + "SELECT a, n FROM unnest(?::text[], ?::bigint[]) AS r(a, n) ORDER BY a "
            + "ON CONFLICT (account_id) DO UPDATE SET last_token = event_counters.last_token + EXCLUDED.last_token "
            + "RETURNING account_id, last_token";
    private static final String ROW = "SELECT last_token, pruned_through FROM event_counters WHERE account_id = ?";

    private final Database db;

    RowCounters(Database db) {
        this.db = db;
    }

    @Override
    public Map<String, Long> reserve(Handle h, SortedMap<String, Integer> counts) {
        Map<String, Long> before = new HashMap<>();
        if (db.dialect() == Dialect.POSTGRES && counts.size() > 1) {
            return reserveAll(h, counts);
        }
        // One statement per account, in id order: the lock order that keeps writers deadlock-free.
        counts.forEach((account, n) -> {
            long last = h.createQuery(RESERVE).bind(0, account).bind(1, (long) n).mapTo(Long.class).one();
            before.put(account, last - n);
        });
        return before;
    }

    private static Map<String, Long> reserveAll(Handle h, SortedMap<String, Integer> counts) {
        Map<String, Long> before = new HashMap<>();
        Connection c = h.getConnection();
        try (PreparedStatement q = c.prepareStatement(RESERVE_ALL)) {
            q.setArray(1, c.createArrayOf("text", counts.keySet().toArray()));
            q.setArray(2, c.createArrayOf("bigint", counts.values().stream().map(Integer::longValue).toArray()));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    before.put(rs.getString(1), rs.getLong(2) - counts.get(rs.getString(1)));
                }
            }
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
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
