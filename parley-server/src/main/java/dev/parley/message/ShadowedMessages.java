package dev.parley.message;

import dev.parley.store.Statements;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * The owner of {@code shadowed_messages}: messages shown to their sender only (sent under a
 * shadow ban, or caught by a filter whose action is shadow). Every read path asks it which
 * messages a viewer other than the sender must not see; the table stays small (only what was
 * hidden), so each question is an index lookup.
 */
public final class ShadowedMessages {
    private static final String INSERT = "INSERT INTO shadowed_messages (conversation_id, seq, sender_id) VALUES (?, ?, ?) "
            + "ON CONFLICT DO NOTHING";
    private static final String HIDDEN_FROM = "SELECT seq FROM shadowed_messages WHERE conversation_id = :c "
            + "AND sender_id <> :viewer AND seq IN (<seqs>)";
    private static final String ONE = "SELECT sender_id FROM shadowed_messages WHERE conversation_id = ? AND seq = ?";
    // Per conversation, how many messages after the viewer's read pointer are hidden from the viewer.
    private static final String UNREAD_HIDDEN = "SELECT s.conversation_id, COUNT(*) AS n FROM shadowed_messages s "
            + "JOIN conversation_members m ON m.conversation_id = s.conversation_id AND m.account_id = :viewer "
            + "WHERE s.conversation_id IN (<ids>) AND s.sender_id <> :viewer AND s.seq > m.read_seq "
            + "GROUP BY s.conversation_id";

    /** Marks messages of a batch (conversation, seq, sender), in the transaction that stores them. */
    void markAll(Handle h, List<Message> shadowed) {
        if (shadowed.isEmpty()) {
            return;
        }
        Statements.run(h, INSERT, insert -> {
            for (Message m : shadowed) {
                insert.setString(1, m.conversationId());
                insert.setLong(2, m.seq());
                insert.setString(3, m.senderId());
                insert.addBatch();
            }
            return insert.executeBatch();
        });
    }

    /** Whether the message is shown to its sender only. */
    public boolean isShadowed(Handle h, String conversationId, long seq) {
        return h.createQuery(ONE).bind(0, conversationId).bind(1, seq).mapTo(String.class).findOne().isPresent();
    }

    /** Which of these seqs the viewer must not see (another's shadowed messages). */
    public Set<Long> hiddenFrom(Handle h, String conversationId, Collection<Long> seqs, String viewerId) {
        if (seqs.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(h.createQuery(HIDDEN_FROM).bind("c", conversationId).bind("viewer", viewerId)
                .bindList("seqs", List.copyOf(seqs)).mapTo(Long.class).list());
    }

    /** Per conversation, how many of another's shadowed messages lie past the viewer's read pointer. */
    public Map<String, Long> unreadHidden(Handle h, String viewerId, Collection<String> conversationIds) {
        if (conversationIds.isEmpty()) {
            return Map.of();
        }
        Map<String, Long> out = new HashMap<>();
        h.createQuery(UNREAD_HIDDEN).bind("viewer", viewerId).bindList("ids", List.copyOf(conversationIds))
                .map((rs, c) -> out.put(rs.getString("conversation_id"), rs.getLong("n"))).list();
        return out;
    }
}
