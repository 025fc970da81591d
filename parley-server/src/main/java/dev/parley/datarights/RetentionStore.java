package dev.parley.datarights;

import dev.parley.message.MessageIds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The retention run's row (its lease, step and cursors), the businesses' own retention, and the
 * queries that find what is past its time. One run for the whole cluster: {@code retention_runs}
 * holds one row, claimed like an erasure job.
 */
final class RetentionStore implements LeasedJobs {
    static final String RUN = "retention";

    private static final String CLAIMABLE = "SELECT id FROM retention_runs WHERE lease_until < ? AND next_run_at <= ?";
    private static final String CLAIM = "UPDATE retention_runs SET lease_owner = ?, lease_until = ? WHERE id = ? "
            + "AND (lease_until < ? OR lease_owner = ?)";
    private static final String RELEASE = "UPDATE retention_runs SET lease_until = 0 WHERE lease_owner = ?";
    private static final String STATE = "SELECT step, oldest_deleted, cursor_at, cursor_account, cursor_token "
            + "FROM retention_runs WHERE id = ?";
    private static final String ADVANCE = "UPDATE retention_runs SET step = ?, oldest_deleted = ?, cursor_at = ?, "
            + "cursor_account = ?, cursor_token = ?, messages_deleted = messages_deleted + ?, "
            + "events_stripped = events_stripped + ?, lease_until = ? WHERE id = ? AND lease_owner = ?";
    // A run scheduled under a longer retention.every than the one in force now comes sooner (not one in progress).
    private static final String DUE_BY = "UPDATE retention_runs SET next_run_at = ? WHERE id = ? AND next_run_at > ?";
    private static final String FINISH = "UPDATE retention_runs SET step = 'messages', oldest_deleted = 0, cursor_at = 0, "
            + "cursor_account = '', cursor_token = 0, next_run_at = ?, lease_owner = NULL, lease_until = 0 "
            + "WHERE id = ? AND lease_owner = ?";

    // The partial index messages_live_by_time (V185) serves each: live messages, oldest first.
    private static final String NODE_EXPIRED = "SELECT conversation_id, seq, created_at FROM messages "
            + "WHERE NOT deleted AND created_at < ? ORDER BY created_at LIMIT ?";
    private static final String BUSINESSES = "SELECT business_id, message_days FROM business_retention WHERE message_days > 0";
    private static final String BUSINESS_EXPIRED = "SELECT conversation_id, seq, created_at FROM messages "
            + "WHERE NOT deleted AND created_at < ? AND conversation_id IN "
            + "(SELECT conversation_id FROM conversation_members WHERE account_id = ?) ORDER BY created_at LIMIT ?";
    /** A conversation's messages are all older than its last activity, so the index bounds this too. */
    private static final String INACTIVE_EXPIRED = "SELECT m.conversation_id, m.seq, m.created_at FROM messages m "
            + "JOIN conversations c ON c.id = m.conversation_id "
            + "WHERE NOT m.deleted AND m.created_at < ? AND c.updated_at < ? ORDER BY m.created_at LIMIT ?";

    private static final String SCAN_EVENTS = "SELECT account_id, token, at, data FROM events "
            + "WHERE (at, account_id, token) > (?, ?, ?) ORDER BY at, account_id, token LIMIT ?";
    private static final String DELETED_AMONG = "SELECT seq FROM messages WHERE conversation_id = :c AND deleted "
            + "AND seq IN (<seqs>)";
    private static final String SET_EVENT_DATA = "UPDATE events SET data = ? WHERE account_id = ? AND token = ?";

    private static final String BUSINESS_DAYS = "SELECT message_days FROM business_retention WHERE business_id = ?";
    private static final String SET_BUSINESS_DAYS = "INSERT INTO business_retention (business_id, message_days, updated_at) "
            + "VALUES (?, ?, ?) ON CONFLICT (business_id) DO UPDATE SET message_days = excluded.message_days, "
            + "updated_at = excluded.updated_at";

    /** Where the run is: its step, the oldest message it deleted, and the events scan's cursor. */
    record State(String step, long oldestDeleted, long cursorAt, String cursorAccount, long cursorToken) {}

    /** A message past its time, and when it was sent. */
    record Expired(MessageIds.Key key, long createdAt) {}

    /** One stored sync event. */
    record Event(String accountId, long token, long at, String data) {}

    @Override
    public List<String> claimable(Handle h, Instant now) {
        return h.createQuery(CLAIMABLE).bind(0, now.toEpochMilli()).bind(1, now.toEpochMilli()).mapTo(String.class).list();
    }

    @Override
    public boolean claim(Handle h, String id, String node, Instant now, Instant until) {
        return h.execute(CLAIM, node, until.toEpochMilli(), id, now.toEpochMilli(), node) > 0;
    }

    @Override
    public void release(Handle h, String node) {
        h.execute(RELEASE, node);
    }

    State state(Handle h) {
        return h.createQuery(STATE).bind(0, RUN).map((rs, c) -> new State(rs.getString("step"),
                rs.getLong("oldest_deleted"), rs.getLong("cursor_at"), rs.getString("cursor_account"),
                rs.getLong("cursor_token"))).one();
    }

    /** Records a batch's progress, fenced by the lease: false if another node holds the run now. */
    boolean advance(Handle h, State s, long messages, long events, String node, Instant leaseUntil) {
        return h.execute(ADVANCE, s.step(), s.oldestDeleted(), s.cursorAt(), s.cursorAccount(), s.cursorToken(),
                messages, events, leaseUntil.toEpochMilli(), RUN, node) > 0;
    }

    /** Brings the next run forward to {@code by} if it was set later (under another retention.every). */
    void dueBy(Handle h, Instant by) {
        h.execute(DUE_BY, by.toEpochMilli(), RUN, by.toEpochMilli());
    }

    void finish(Handle h, String node, Instant nextRun) {
        h.execute(FINISH, nextRun.toEpochMilli(), RUN, node);
    }

    /**
     * The next batch of live messages past their time: the node's setting first, then each
     * business's own (a business can only keep less), then inactive conversations.
     *
     * @param nodeDays     {@code retention.messages}, 0 for ever
     * @param inactiveDays {@code retention.inactive_conversations}, 0 for never
     */
    List<Expired> expired(Handle h, Instant now, int nodeDays, int inactiveDays, int limit) {
        if (nodeDays > 0) {
            List<Expired> found = list(h, NODE_EXPIRED, before(now, nodeDays), limit);
            if (!found.isEmpty()) {
                return found;
            }
        }
        List<Map.Entry<String, Integer>> businesses = h.createQuery(BUSINESSES)
                .map((rs, c) -> Map.entry(rs.getString(1), rs.getInt(2))).list();
        for (Map.Entry<String, Integer> b : businesses) {
            List<Expired> found = h.createQuery(BUSINESS_EXPIRED).bind(0, before(now, b.getValue()))
                    .bind(1, b.getKey()).bind(2, limit).map((rs, c) -> expired(rs)).list();
            if (!found.isEmpty()) {
                return found;
            }
        }
        if (inactiveDays > 0) {
            long idle = before(now, inactiveDays);
            return h.createQuery(INACTIVE_EXPIRED).bind(0, idle).bind(1, idle).bind(2, limit)
                    .map((rs, c) -> expired(rs)).list();
        }
        return List.of();
    }

    private static long before(Instant now, int days) {
        return now.minus(Duration.ofDays(days)).toEpochMilli();
    }

    private static List<Expired> list(Handle h, String sql, long before, int limit) {
        return h.createQuery(sql).bind(0, before).bind(1, limit).map((rs, c) -> expired(rs)).list();
    }

    private static Expired expired(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Expired(new MessageIds.Key(rs.getString("conversation_id"), rs.getLong("seq")),
                rs.getLong("created_at"));
    }

    List<Event> events(Handle h, long at, String account, long token, int limit) {
        return h.createQuery(SCAN_EVENTS).bind(0, at).bind(1, account).bind(2, token).bind(3, limit)
                .map((rs, c) -> new Event(rs.getString("account_id"), rs.getLong("token"), rs.getLong("at"),
                        rs.getString("data"))).list();
    }

    /** Which of these messages of one conversation are deleted. */
    List<Long> deletedAmong(Handle h, String conversationId, List<Long> seqs) {
        return h.createQuery(DELETED_AMONG).bind("c", conversationId).bindList("seqs", seqs).mapTo(Long.class).list();
    }

    void setEventData(Handle h, Event e, String data) {
        h.execute(SET_EVENT_DATA, data, e.accountId(), e.token());
    }

    Optional<Integer> businessDays(Handle h, String businessId) {
        return h.createQuery(BUSINESS_DAYS).bind(0, businessId).mapTo(Integer.class).findOne();
    }

    void setBusinessDays(Handle h, String businessId, int days, Instant now) {
        h.execute(SET_BUSINESS_DAYS, businessId, days, now.toEpochMilli());
    }
}
