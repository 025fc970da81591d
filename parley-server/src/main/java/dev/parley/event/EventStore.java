package dev.parley.event;

import dev.parley.http.ApiException;
import dev.parley.store.Database;
import dev.parley.store.Dialect;
import dev.parley.store.Statements;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Handle;
import java.sql.Types;

/**
 * The per-account event logs that clients sync from.
 *
 * @implNote A global auto-increment id would make a bad cursor: on PostgreSQL two transactions
 * can commit out of id order and a reader could skip the late one. Instead each account numbers
 * its own events. A transaction collects its events as {@link Pending} and numbers them all at
 * its end ({@link #insert}): it reserves a run of tokens for each account, in account id order,
 * holding the reservation until commit (a row lock on PostgreSQL; the single writer's lock on
 * SQLite, where the counters live in memory). An account's events therefore become visible in
 * token order, a token is "the last one I saw", and a batch of many messages takes each
 * account's counter once.
 */
public final class EventStore {
    private static final String INSERT = "INSERT INTO events (account_id, token, type, conversation_id, seq, at, data) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String SINCE = "SELECT account_id, token, type, conversation_id, seq, at, data FROM events "
            + "WHERE account_id = ? AND token > ? ORDER BY token LIMIT ?";
    // Counter rows that pruning needs (SQLite keeps its counters in memory, so they may be missing).
    private static final String ENSURE_ROWS = "INSERT INTO event_counters (account_id) "
            + "SELECT DISTINCT account_id FROM events WHERE at < ? ON CONFLICT (account_id) DO NOTHING";
    private static final String MARK_PRUNED = "UPDATE event_counters SET pruned_through = "
            + "(SELECT MAX(e.token) FROM events e WHERE e.account_id = event_counters.account_id AND e.at < ?) "
            + "WHERE account_id IN (SELECT DISTINCT account_id FROM events WHERE at < ?)";
    private static final String PRUNE = "DELETE FROM events WHERE at < ?";
    // By the time index: the statements above scan every event (SQLite reads DISTINCT account_id
    // through the primary key), seconds on a store of millions, under the writer's lock. MIN, not
    // "at < ? LIMIT 1": PostgreSQL's generic plan for that one scanned the table (1.9 s at 2.7
    // million events) to find nothing; MIN reads the index's first entry on either store.
    private static final String OLDEST = "SELECT MIN(at) FROM events";

    /** An event a transaction will append; it gets its token when the transaction ends. */
    public record Pending(String accountId, String type, String conversationId, Long seq, Instant at, String data) {}

    private final Database db;
    private final Counters counters;
    private final List<Replay> replays = new CopyOnWriteArrayList<>();

    public EventStore(Database db) {
        this.db = db;
        this.counters = db.dialect() == Dialect.SQLITE ? new MemoryCounters(db) : new RowCounters(db);
    }

    /**
     * Numbers and inserts a transaction's events, inside it, keeping their order per account.
     * Call once, last, before the commit.
     */
    public List<Event> insert(Handle h, List<Pending> pending) {
        if (pending.isEmpty()) {
            return List.of();
        }
        SortedMap<String, Integer> counts = new TreeMap<>();
        for (Pending p : pending) {
            counts.merge(p.accountId(), 1, Integer::sum);
        }
        Map<String, Long> next = new java.util.HashMap<>(counters.reserve(h, counts));
        List<Event> out = new ArrayList<>(pending.size());
        // Plain JDBC on a statement kept per connection (store/Statements): this runs in every
        // group commit, where Jdbi's binding and a fresh prepare each time added up.
        Statements.run(h, INSERT, batch -> {
            for (Pending p : pending) {
                long token = next.merge(p.accountId(), 1L, Long::sum);
                Event e = new Event(p.accountId(), token, p.type(), p.conversationId(), p.seq(), p.at(), p.data());
                batch.setString(1, e.accountId());
                batch.setLong(2, token);
                batch.setString(3, e.type());
                batch.setString(4, e.conversationId());
                if (e.seq() == null) {
                    batch.setNull(5, Types.BIGINT);
                } else {
                    batch.setLong(5, e.seq());
                }
                batch.setLong(6, e.at().toEpochMilli());
                batch.setString(7, e.data());
                batch.addBatch();
                out.add(e);
            }
            batch.executeBatch();
            return null;
        });
        return out;
    }

    /**
     * Has every page {@link #since} reads pass through {@code replay} before anyone sees it: the
     * message feature's module registers how a message that changed since its event was stored
     * reads now (unsent, edited, across a block), once, before the node serves.
     */
    public void replayThrough(Replay replay) {
        replays.add(replay);
    }

    /** The account's latest token: where "from now" starts. */
    public long current(String accountId) {
        return counters.last(accountId);
    }

    /**
     * Up to {@code limit} events after {@code after}, in token order, as they read now: every
     * replay (sync, the stream's catch-up, other nodes' delivery, bots) reads through here, so
     * each page passes the registered {@link Replay}s, inside the same read.
     *
     * @throws ApiException 410 sync_reset when events after that token were pruned, or the token
     *                      is one this account never had
     */
    public List<Event> since(String accountId, long after, int limit) {
        long last = counters.last(accountId);
        long pruned = after == last ? 0 : counters.prunedThrough(accountId);
        if (after < pruned || after > last) {
            throw new ApiException(410, "sync_reset", "Sync token expired",
                    "That token is older than the kept history or unknown; reload conversations and sync from 'next'.",
                    java.util.Map.of("next", String.valueOf(last)));
        }
        if (after == last) {
            return List.of();
        }
        return db.read(h -> {
            List<Event> page = h.createQuery(SINCE).bind(0, accountId).bind(1, after).bind(2, limit)
                    .map((rs, ctx) -> {
                        long seq = rs.getLong(5);
                        Long maybeSeq = rs.wasNull() ? null : seq;
                        return new Event(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), maybeSeq,
                                Instant.ofEpochMilli(rs.getLong(6)), rs.getString(7));
                    })
                    .list();
            for (Replay r : replays) {
                page = r.asNow(h, accountId, page);
            }
            return page;
        });
    }

    /** Deletes events older than {@code cutoff}, remembering per account how far it pruned. */
    public int prune(Instant cutoff) {
        long t = cutoff.toEpochMilli();
        Long oldest = db.read(h -> h.createQuery(OLDEST).mapTo(Long.class).one());
        if (oldest == null || oldest >= t) {
            return 0; // nothing that old: no need to stop the writer
        }
        return db.write(h -> {
            h.execute(ENSURE_ROWS, t);
            h.execute(MARK_PRUNED, t, t);
            return h.execute(PRUNE, t);
        });
    }
}
