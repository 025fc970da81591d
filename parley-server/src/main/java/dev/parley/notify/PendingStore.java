package dev.parley.notify;

import dev.parley.store.Database;
import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The {@code notify_pending} table: what is left to decide, per (account, conversation). Rows are
 * written in batches off the send path, claimed by one node at a time under a lease (a
 * conditional UPDATE, so two nodes never both win a row), and finished after the verdict went to
 * the sinks. The same SQL runs on SQLite and PostgreSQL.
 */
final class PendingStore {
    /**
     * A new message for a row: the row keeps its due time if one is pending (the collapse), else
     * becomes due after the message's delay, but never sooner than {@code notify.collapse} after
     * the last verdict.
     */
    private static final String UPSERT = "INSERT INTO notify_pending (account_id, conversation_id, message_id, due_at) "
            + "VALUES (?, ?, ?, ?) ON CONFLICT (account_id, conversation_id) DO UPDATE SET message_id = excluded.message_id, "
            + "due_at = CASE WHEN notify_pending.due_at IS NOT NULL THEN notify_pending.due_at "
            + "WHEN notify_pending.decided_at IS NOT NULL AND notify_pending.decided_at + ? > excluded.due_at "
            + "THEN notify_pending.decided_at + ? ELSE excluded.due_at END";
    private static final String DUE = "SELECT account_id, conversation_id FROM notify_pending "
            + "WHERE due_at <= ? AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY due_at LIMIT ?";
    private static final String CLAIM = "UPDATE notify_pending SET claimed_by = ?, claimed_until = ? "
            + "WHERE account_id = ? AND conversation_id = ? AND due_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)";
    private static final String CLAIMED = "SELECT account_id, conversation_id, message_id FROM notify_pending "
            + "WHERE claimed_by = ? AND claimed_until = ? ORDER BY due_at";
    /** Decided: nothing pending unless a newer message came in meanwhile, which then waits its own delay. */
    private static final String FINISH_NOTIFIED = "UPDATE notify_pending SET claimed_by = NULL, claimed_until = NULL, "
            + "decided_at = ?, due_at = CASE WHEN message_id = ? THEN NULL ELSE ? END "
            + "WHERE account_id = ? AND conversation_id = ? AND claimed_by = ?";
    private static final String FINISH_SILENT = "UPDATE notify_pending SET claimed_by = NULL, claimed_until = NULL, "
            + "due_at = CASE WHEN message_id = ? THEN NULL ELSE ? END "
            + "WHERE account_id = ? AND conversation_id = ? AND claimed_by = ?";
    private static final String RELEASE = "UPDATE notify_pending SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ?";
    private static final String PRUNE = "DELETE FROM notify_pending WHERE due_at IS NULL AND claimed_by IS NULL "
            + "AND (decided_at IS NULL OR decided_at < ?)";

    /** One (account, conversation) to decide, and the newest message it had when claimed. */
    record Row(String accountId, String conversationId, String messageId) {}

    private final Database db;

    PendingStore(Database db) {
        this.db = db;
    }

    /** A row to write: due {@code notify.delay} after its message. */
    record Due(Row row, long dueAt) {}

    /**
     * Writes a batch of new messages' rows in one transaction.
     *
     * @param collapseMillis the least time from a verdict to the next one of the same row
     */
    void add(Collection<Due> rows, long collapseMillis) {
        db.writeVoid(h -> {
            PreparedBatch batch = h.prepareBatch(UPSERT);
            for (Due d : rows) {
                Row r = d.row();
                batch.add(r.accountId(), r.conversationId(), r.messageId(), d.dueAt(), collapseMillis, collapseMillis);
            }
            batch.execute();
        });
    }

    /**
     * Claims up to {@code limit} due rows for {@code claimer} until {@code leaseUntil}, in due
     * order; rows another node claimed first are skipped.
     */
    List<Row> claim(String claimer, long now, long leaseUntil, int limit) {
        List<List<String>> due = db.read(h -> h.createQuery(DUE).bind(0, now).bind(1, now).bind(2, limit)
                .map((rs, c) -> List.of(rs.getString(1), rs.getString(2))).list());
        if (due.isEmpty()) {
            return List.of();
        }
        // Claimed in key order, so two nodes claiming overlapping rows lock them in the same order.
        List<List<String>> ordered = due.stream()
                .sorted(java.util.Comparator.comparing((List<String> k) -> k.get(0)).thenComparing(k -> k.get(1)))
                .toList();
        return db.write(h -> {
            PreparedBatch batch = h.prepareBatch(CLAIM);
            for (List<String> k : ordered) {
                batch.add(claimer, leaseUntil, k.get(0), k.get(1), now, now);
            }
            batch.execute();
            // This round's rows only: one that failed earlier waits for its lease to lapse.
            return h.createQuery(CLAIMED).bind(0, claimer).bind(1, leaseUntil)
                    .map((rs, c) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3))).list();
        });
    }

    /** A decided row: {@code notifiedAt} when a verdict went out, else null. */
    record Decided(Row row, Long notifiedAt) {}

    /**
     * Marks the claimed rows decided, in one transaction. A row whose message changed since the
     * claim (a newer message came in) stays pending: due at {@code notifiedNextDue} when a verdict
     * just went out (the collapse), else at {@code silentNextDue}.
     */
    void finish(String claimer, List<Decided> rows, long silentNextDue, long notifiedNextDue) {
        if (rows.isEmpty()) {
            return;
        }
        db.writeVoid(h -> {
            PreparedBatch notified = h.prepareBatch(FINISH_NOTIFIED);
            PreparedBatch silent = h.prepareBatch(FINISH_SILENT);
            // Key order, as every batch here takes its row locks (no deadlock with another node's batch).
            for (Decided d : rows.stream().sorted(java.util.Comparator.comparing((Decided x) -> x.row().accountId())
                    .thenComparing(x -> x.row().conversationId())).toList()) {
                Row r = d.row();
                if (d.notifiedAt() != null) {
                    notified.add(d.notifiedAt(), r.messageId(), notifiedNextDue, r.accountId(), r.conversationId(), claimer);
                } else {
                    silent.add(r.messageId(), silentNextDue, r.accountId(), r.conversationId(), claimer);
                }
            }
            if (notified.size() > 0) {
                notified.execute();
            }
            if (silent.size() > 0) {
                silent.execute();
            }
        });
    }

    /** Gives back what this claimer holds (a graceful stop), so another node or the next start takes it at once. */
    void release(String claimer) {
        db.writeVoid(h -> h.execute(RELEASE, claimer));
    }

    /** Drops rows with nothing pending whose last verdict no longer holds the next one back. */
    int prune(long decidedBefore) {
        return db.write(h -> h.execute(PRUNE, decidedBefore));
    }
}
