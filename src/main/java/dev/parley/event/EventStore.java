package dev.parley.event;

import dev.parley.http.ApiException;
import dev.parley.store.Database;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The per-account event logs that clients sync from.
 *
 * @implNote A global auto-increment id would make a bad cursor: on PostgreSQL two transactions
 * can commit out of id order and a reader could skip the late one. Instead each account numbers
 * its own events: the writing transaction takes the account's next number while holding that
 * account's counter row lock, taking members in id order so two writers never deadlock. An
 * account's events therefore become visible in token order and a token is "the last one I saw".
 */
public final class EventStore {
    private static final String NEXT_TOKEN = "INSERT INTO event_counters (account_id, last_token) VALUES (?, 1) "
            + "ON CONFLICT (account_id) DO UPDATE SET last_token = event_counters.last_token + 1 RETURNING last_token";
    private static final String INSERT = "INSERT INTO events (account_id, token, type, conversation_id, seq, at, data) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String SINCE = "SELECT account_id, token, type, conversation_id, seq, at, data FROM events "
            + "WHERE account_id = ? AND token > ? ORDER BY token LIMIT ?";
    private static final String COUNTER = "SELECT last_token, pruned_through FROM event_counters WHERE account_id = ?";
    private static final String MARK_PRUNED = "UPDATE event_counters SET pruned_through = "
            + "(SELECT MAX(e.token) FROM events e WHERE e.account_id = event_counters.account_id AND e.at < ?) "
            + "WHERE account_id IN (SELECT DISTINCT account_id FROM events WHERE at < ?)";
    private static final String PRUNE = "DELETE FROM events WHERE at < ?";

    private final Database db;

    public EventStore(Database db) {
        this.db = db;
    }

    /**
     * Appends one event for each account, inside the caller's transaction.
     *
     * @param data the event's JSON for each account (most events give every account the same)
     */
    public List<Event> append(Handle h, Collection<String> accountIds, String type, String conversationId,
                              Long seq, Instant at, Function<String, String> data) {
        List<String> ordered = accountIds.stream().distinct().sorted().toList();
        List<Event> out = new ArrayList<>(ordered.size());
        PreparedBatch batch = h.prepareBatch(INSERT);
        for (String account : ordered) {
            long token = h.createQuery(NEXT_TOKEN).bind(0, account).mapTo(Long.class).one();
            Event e = new Event(account, token, type, conversationId, seq, at, data.apply(account));
            batch.add(account, token, type, conversationId, seq, at.toEpochMilli(), e.data());
            out.add(e);
        }
        if (!out.isEmpty()) {
            batch.execute();
        }
        return out;
    }

    /** The account's latest token: where "from now" starts. */
    public long current(String accountId) {
        return counter(accountId).map(c -> c[0]).orElse(0L);
    }

    /**
     * Up to {@code limit} events after {@code after}, in token order.
     *
     * @throws ApiException 410 sync_reset when events after that token were pruned, or the token
     *                      is one this account never had
     */
    public List<Event> since(String accountId, long after, int limit) {
        Optional<long[]> c = counter(accountId);
        long last = c.map(x -> x[0]).orElse(0L);
        long pruned = c.map(x -> x[1]).orElse(0L);
        if (after < pruned || after > last) {
            throw new ApiException(410, "sync_reset", "Sync token expired",
                    "That token is older than the kept history or unknown; reload conversations and sync from 'next'.",
                    java.util.Map.of("next", String.valueOf(last)));
        }
        if (after == last) {
            return List.of();
        }
        return db.read(h -> h.createQuery(SINCE).bind(0, accountId).bind(1, after).bind(2, limit)
                .map((rs, ctx) -> {
                    long seq = rs.getLong(5);
                    Long maybeSeq = rs.wasNull() ? null : seq;
                    return new Event(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), maybeSeq,
                            Instant.ofEpochMilli(rs.getLong(6)), rs.getString(7));
                })
                .list());
    }

    private Optional<long[]> counter(String accountId) {
        return db.read(h -> h.createQuery(COUNTER).bind(0, accountId)
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)}).findOne());
    }

    /** Deletes events older than {@code cutoff}, remembering per account how far it pruned. */
    public int prune(Instant cutoff) {
        long t = cutoff.toEpochMilli();
        return db.write(h -> {
            h.execute(MARK_PRUNED, t, t);
            return h.execute(PRUNE, t);
        });
    }
}
