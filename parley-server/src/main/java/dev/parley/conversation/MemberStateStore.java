package dev.parley.conversation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * The member's own columns of {@code conversation_members} ({@link MemberState}), kept apart from
 * {@link ConversationStore} so the send path, which reads members on every message, never reads
 * them. Every method joins the caller's handle.
 */
final class MemberStateStore {
    private static final String STATE = "SELECT conversation_id, pinned_at, archived_seq, marked_unread, cleared_seq, added_by "
            + "FROM conversation_members WHERE account_id = :account AND conversation_id IN (<ids>)";
    private static final String SET = "UPDATE conversation_members SET pinned_at = ?, archived_seq = ?, "
            + "marked_unread = ?, cleared_seq = ? WHERE conversation_id = ? AND account_id = ?";
    private static final String CLEAR_UNREAD = "UPDATE conversation_members SET marked_unread = ? "
            + "WHERE conversation_id = ? AND account_id = ? AND marked_unread";
    private static final String ADDED_BY = "UPDATE conversation_members SET added_by = ? "
            + "WHERE conversation_id = ? AND account_id = ?";
    private static final String PINS = "SELECT COUNT(*) FROM conversation_members WHERE account_id = ? "
            + "AND pinned_at IS NOT NULL";
    /** Archived now: no newer message since, or one came while muted. */
    static final String ARCHIVED_NOW = "(m.archived_seq IS NOT NULL AND (c.last_seq <= m.archived_seq OR m.muted "
            + "OR COALESCE(m.muted_until, 0) > :now))";
    static final String VISIBLE_NOW = "(m.cleared_seq IS NULL OR c.last_seq > m.cleared_seq)";
    /** System lines past the member's read pointer ("Ann added Bob"): never unread (issue 21 point 5). */
    static final String LINES_AFTER_READ = "(SELECT COUNT(*) FROM messages x WHERE x.conversation_id = c.id "
            + "AND x.author_kind = 'system' AND x.seq > m.read_seq)";
    /**
     * The member's own automatic replies past its read pointer (a business's instant reply, its bot's answers): they
     * never move the pointer, since only a person's read counts for the team, and are never unread to their sender
     * (the partial index messages_automated).
     */
    static final String OWN_AUTOMATED_AFTER_READ = "(SELECT COUNT(*) FROM messages x WHERE x.conversation_id = c.id "
            + "AND x.author_kind IN ('automation', 'bot') AND x.sender_id = m.account_id AND x.seq > m.read_seq)";
    private static final String UNREAD = "SELECT COUNT(*), COALESCE(SUM(CASE WHEN u.n > 0 THEN u.n ELSE 1 END), 0) "
            + "FROM (SELECT c.last_seq - m.read_seq - " + LINES_AFTER_READ + " - " + OWN_AUTOMATED_AFTER_READ
            + " AS n, m.marked_unread AS marked "
            + "FROM conversation_members m "
            + "JOIN conversations c ON c.id = m.conversation_id WHERE m.account_id = :account AND m.folder = 'inbox' "
            + "AND (c.last_seq > m.read_seq OR m.marked_unread) AND " + VISIBLE_NOW + " AND NOT " + ARCHIVED_NOW
            + " AND NOT m.muted AND COALESCE(m.muted_until, 0) <= :now) u WHERE u.n > 0 OR u.marked";

    Map<String, MemberState> states(Handle h, String accountId, Collection<String> conversationIds) {
        Map<String, MemberState> out = new HashMap<>();
        if (conversationIds.isEmpty()) {
            return out;
        }
        h.createQuery(STATE).bind("account", accountId).bindList("ids", List.copyOf(conversationIds))
                .map((rs, c) -> out.put(rs.getString(1), state(rs))).list();
        return out;
    }

    MemberState state(Handle h, String conversationId, String accountId) {
        return states(h, accountId, List.of(conversationId)).getOrDefault(conversationId, MemberState.NONE);
    }

    void set(Handle h, String conversationId, String accountId, MemberState s) {
        h.execute(SET, s.pinnedAt() == null ? null : s.pinnedAt().toEpochMilli(), s.archivedSeq(), s.markedUnread(),
                s.clearedSeq(), conversationId, accountId);
    }

    /** Who added the member to a group after it was made: their request names them. */
    void setAddedBy(Handle h, String conversationId, String accountId, String adderId) {
        h.execute(ADDED_BY, adderId, conversationId, accountId);
    }

    /** @return true if the conversation was marked unread (reading clears the mark) */
    boolean clearMarkedUnread(Handle h, String conversationId, String accountId) {
        return h.execute(CLEAR_UNREAD, false, conversationId, accountId) > 0;
    }

    long pinCount(Handle h, String accountId) {
        return h.createQuery(PINS).bind(0, accountId).mapTo(Long.class).one();
    }

    /** The account's unread total: conversations and messages, over its inbox but archived and muted ones. */
    long[] unread(Handle h, String accountId, Instant now) {
        return h.createQuery(UNREAD).bind("account", accountId).bind("now", now.toEpochMilli())
                .map((rs, c) -> new long[] {rs.getLong(1), rs.getLong(2)}).one();
    }

    private static MemberState state(ResultSet rs) throws SQLException {
        long pinned = rs.getLong(2);
        Instant pinnedAt = rs.wasNull() ? null : Instant.ofEpochMilli(pinned);
        long archived = rs.getLong(3);
        Long archivedSeq = rs.wasNull() ? null : archived;
        boolean marked = rs.getBoolean(4);
        long cleared = rs.getLong(5);
        Long clearedSeq = rs.wasNull() ? null : cleared;
        return new MemberState(pinnedAt, archivedSeq, marked, clearedSeq, rs.getString(6));
    }
}
