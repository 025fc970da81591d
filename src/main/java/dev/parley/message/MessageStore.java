package dev.parley.message;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/** Messages and reactions, on SQLite or PostgreSQL alike; every method joins the caller's handle. */
public final class MessageStore {
    private static final String COLUMNS = "conversation_id, seq, sender_id, agent_id, client_id, text, reply_to, "
            + "created_at, edited_at, deleted, automated";
    private static final String INSERT = "INSERT INTO messages (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String BY_CLIENT_ID = "SELECT " + COLUMNS + " FROM messages "
            + "WHERE conversation_id = ? AND sender_id = ? AND client_id = ?";
    private static final String GET = "SELECT " + COLUMNS + " FROM messages WHERE conversation_id = ? AND seq = ?";
    private static final String BEFORE = "SELECT " + COLUMNS + " FROM messages WHERE conversation_id = ? AND seq < ? "
            + "ORDER BY seq DESC LIMIT ?";
    private static final String AFTER = "SELECT " + COLUMNS + " FROM messages WHERE conversation_id = ? AND seq > ? "
            + "ORDER BY seq LIMIT ?";
    private static final String COUNT_BY_SENDER = "SELECT COUNT(*) FROM messages WHERE conversation_id = ? AND sender_id = ?";
    private static final String EDIT = "UPDATE messages SET text = ?, edited_at = ? WHERE conversation_id = ? AND seq = ?";
    private static final String UNSEND = "UPDATE messages SET text = '', deleted = ? WHERE conversation_id = ? AND seq = ?";
    private static final String ADD_REACTION = "INSERT INTO reactions (conversation_id, seq, account_id, emoji, created_at) "
            + "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    private static final String REMOVE_REACTION = "DELETE FROM reactions WHERE conversation_id = ? AND seq = ? "
            + "AND account_id = ? AND emoji = ?";
    private static final String CLEAR_REACTIONS = "DELETE FROM reactions WHERE conversation_id = ? AND seq = ?";
    private static final String REACTIONS = "SELECT seq, emoji, COUNT(*) AS n, "
            + "SUM(CASE WHEN account_id = :viewer THEN 1 ELSE 0 END) AS mine FROM reactions "
            + "WHERE conversation_id = :conversation AND seq IN (<seqs>) GROUP BY seq, emoji ORDER BY seq, MIN(created_at)";

    public void insert(Handle h, Message m) {
        h.execute(INSERT, m.conversationId(), m.seq(), m.senderId(), m.agentId(), m.clientId(), m.text(), m.replyTo(),
                m.createdAt().toEpochMilli(), m.editedAt() == null ? null : m.editedAt().toEpochMilli(), m.deleted(), m.automated());
    }

    public Optional<Message> byClientId(Handle h, String conversationId, String senderId, String clientId) {
        return h.createQuery(BY_CLIENT_ID).bind(0, conversationId).bind(1, senderId).bind(2, clientId)
                .map((rs, c) -> map(rs)).findOne();
    }

    public Optional<Message> get(Handle h, String conversationId, long seq) {
        return h.createQuery(GET).bind(0, conversationId).bind(1, seq).map((rs, c) -> map(rs)).findOne();
    }

    /** Up to {@code limit} messages before {@code seq}, ascending. */
    public List<Message> before(Handle h, String conversationId, long seq, int limit) {
        List<Message> desc = h.createQuery(BEFORE).bind(0, conversationId).bind(1, seq).bind(2, limit)
                .map((rs, c) -> map(rs)).list();
        List<Message> asc = new ArrayList<>(desc);
        java.util.Collections.reverse(asc);
        return asc;
    }

    public List<Message> after(Handle h, String conversationId, long seq, int limit) {
        return h.createQuery(AFTER).bind(0, conversationId).bind(1, seq).bind(2, limit).map((rs, c) -> map(rs)).list();
    }

    /** The messages at the given (conversation, seq) places, keyed by conversation. */
    public Map<String, Message> at(Handle h, Map<String, Long> seqByConversation) {
        Map<String, Long> wanted = seqByConversation.entrySet().stream().filter(e -> e.getValue() > 0)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        if (wanted.isEmpty()) {
            return Map.of();
        }
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM messages WHERE ");
        List<Object> args = new ArrayList<>();
        for (Map.Entry<String, Long> e : wanted.entrySet()) {
            if (!args.isEmpty()) {
                sql.append(" OR ");
            }
            sql.append("(conversation_id = ? AND seq = ?)");
            args.add(e.getKey());
            args.add(e.getValue());
        }
        var q = h.createQuery(sql.toString());
        for (int i = 0; i < args.size(); i++) {
            q.bind(i, args.get(i));
        }
        Map<String, Message> out = new HashMap<>();
        q.map((rs, c) -> map(rs)).forEach(m -> out.put(m.conversationId(), m));
        return out;
    }

    public long countBySender(Handle h, String conversationId, String senderId) {
        return h.createQuery(COUNT_BY_SENDER).bind(0, conversationId).bind(1, senderId).mapTo(Long.class).one();
    }

    public void edit(Handle h, String conversationId, long seq, String text, Instant at) {
        h.execute(EDIT, text, at.toEpochMilli(), conversationId, seq);
    }

    /** Unsend: the text and reactions go, the place in the conversation stays. */
    public void unsend(Handle h, String conversationId, long seq) {
        h.execute(UNSEND, true, conversationId, seq);
        h.execute(CLEAR_REACTIONS, conversationId, seq);
    }

    public boolean addReaction(Handle h, String conversationId, long seq, String accountId, String emoji, Instant at) {
        return h.execute(ADD_REACTION, conversationId, seq, accountId, emoji, at.toEpochMilli()) > 0;
    }

    public boolean removeReaction(Handle h, String conversationId, long seq, String accountId, String emoji) {
        return h.execute(REMOVE_REACTION, conversationId, seq, accountId, emoji) > 0;
    }

    /** Reactions on messages of one conversation, as the viewer sees them: seq → emoji → (count, mine). */
    public Map<Long, Map<String, MessageView.Reaction>> reactions(Handle h, String conversationId,
                                                                 Collection<Long> seqs, String viewerId) {
        if (seqs.isEmpty()) {
            return Map.of();
        }
        Map<Long, Map<String, MessageView.Reaction>> out = new HashMap<>();
        h.createQuery(REACTIONS).bind("viewer", viewerId).bind("conversation", conversationId)
                .bindList("seqs", List.copyOf(seqs))
                .map((rs, c) -> {
                    out.computeIfAbsent(rs.getLong("seq"), k -> new LinkedHashMap<>())
                            .put(rs.getString("emoji"), new MessageView.Reaction(rs.getLong("n"), rs.getLong("mine") > 0));
                    return null;
                }).list();
        return out;
    }

    static Message map(ResultSet rs) throws SQLException {
        long edited = rs.getLong("edited_at");
        Instant editedAt = rs.wasNull() ? null : Instant.ofEpochMilli(edited);
        return new Message(rs.getString("conversation_id"), rs.getLong("seq"), rs.getString("sender_id"),
                rs.getString("agent_id"), rs.getString("client_id"), rs.getString("text"), rs.getString("reply_to"),
                Instant.ofEpochMilli(rs.getLong("created_at")), editedAt, rs.getBoolean("deleted"),
                rs.getBoolean("automated"));
    }
}
