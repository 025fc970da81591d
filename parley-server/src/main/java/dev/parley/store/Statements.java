package dev.parley.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.sqlite.SQLiteConnection;

/**
 * Statements that the hot path runs on every request, prepared once per SQLite connection and
 * kept: SQLite compiles a statement on each prepare, and for a join that costs two to three times
 * running it (measured: 15–25 µs to prepare the send check's join, 6–9 µs to run it). PostgreSQL's
 * driver keeps its own per-connection cache of prepared statements, so there each use prepares
 * (and closes) a statement as usual.
 *
 * @implNote A statement is kept on the pool's physical connection, which one thread holds at a
 * time, and is taken out of the cache while in use (a nested use of the same SQL prepares its
 * own). Closing its result set resets it, so a kept statement holds no read transaction open.
 * Connections the pool has closed are dropped from the cache as new ones come.
 */
public final class Statements {
    private static final int PURGE_OVER = 64;
    private static final Map<Connection, Map<String, PreparedStatement>> CACHE = new ConcurrentHashMap<>();

    private Statements() {}

    /** What runs with the statement: bind, execute, read (closing what it opens), answer. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(PreparedStatement q) throws SQLException;
    }

    /** Runs {@code work} with {@code sql} prepared on the handle's connection. */
    public static <T> T run(Handle h, String sql, Work<T> work) {
        try {
            Connection c = h.getConnection();
            if (!c.isWrapperFor(SQLiteConnection.class)) {
                try (PreparedStatement q = c.prepareStatement(sql)) {
                    return work.apply(q);
                }
            }
            Connection physical = c.unwrap(SQLiteConnection.class);
            Map<String, PreparedStatement> kept = CACHE.get(physical);
            if (kept == null) {
                purgeClosed();
                kept = CACHE.computeIfAbsent(physical, k -> new ConcurrentHashMap<>());
            }
            PreparedStatement q = kept.remove(sql);
            if (q == null || q.isClosed()) {
                q = physical.prepareStatement(sql);
            }
            boolean reusable = false;
            try {
                T out = work.apply(q);
                q.clearParameters();
                reusable = true;
                return out;
            } finally {
                if (!reusable || kept.putIfAbsent(sql, q) != null) {
                    q.close();
                }
            }
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    private static void purgeClosed() {
        if (CACHE.size() > PURGE_OVER) {
            CACHE.keySet().removeIf(Statements::closed);
        }
    }

    private static boolean closed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }
}
