package dev.parley.message;

import dev.parley.store.Dialect;
import dev.parley.store.Statements;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
            + "created_at, edited_at, deleted, automated, author_kind, system_event";
    private static final String INSERT = "INSERT INTO messages (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String BY_CLIENT_ID = "SELECT " + COLUMNS + " FROM messages "
            + "WHERE conversation_id = ? AND sender_id = ? AND client_id = ?";
    // Every key of a batch in one round trip: one unique-index lookup per key (three ANY lists
    // instead would match their cross product, and the planner then scans).
    private static final String BY_CLIENT_IDS_POSTGRES = "SELECT " + COLUMNS.replaceAll("(\\w+)", "m.$1")
            + " FROM messages m JOIN unnest(?::text[], ?::text[], ?::text[]) AS k(c, s, id) "
            + "ON m.conversation_id = k.c AND m.sender_id = k.s AND m.client_id = k.id";
    private static final String GET = "SELECT " + COLUMNS + " FROM messages WHERE conversation_id = ? AND seq = ?";
    private static final String BEFORE = "SELECT " + COLUMNS + " FROM messages WHERE conversation_id = ? AND seq < ? "
            + "ORDER BY seq DESC LIMIT ?";
    private static final String AFTER = "SELECT " + COLUMNS + " FROM messages WHERE conversation_id = ? AND seq > ? "
            + "ORDER BY seq LIMIT ?";
    private static final String UNDELETED_SENT_BY = "SELECT " + COLUMNS + " FROM messages WHERE sender_id = ? "
            + "AND deleted = ? ORDER BY conversation_id, seq LIMIT ?";
    private static final String WORDS_BEFORE = "SELECT 1 FROM messages WHERE conversation_id = ? AND seq < ? "
            + "AND author_kind <> 'system' LIMIT 1";
    private static final String COUNT_BY_SENDER = "SELECT COUNT(*) FROM messages WHERE conversation_id = ? AND sender_id = ?";
    // The first change keeps a digest of the first words (FirstText); retention, erasure, moderation drop it.
    private static final String EDIT = "UPDATE messages SET text = ?, edited_at = ?, "
            + "first_text_digest = COALESCE(first_text_digest, ?) WHERE conversation_id = ? AND seq = ?";
    private static final String UNSEND = "UPDATE messages SET text = '', deleted = ?, first_text_digest = "
            + "CASE WHEN ? THEN NULL ELSE COALESCE(first_text_digest, ?) END WHERE conversation_id = ? AND seq = ?";
    private static final String FIRST_TEXT_DIGEST = "SELECT first_text_digest FROM messages WHERE conversation_id = ? AND seq = ?";
    private static final String ADD_REACTION = "INSERT INTO reactions (conversation_id, seq, account_id, emoji, created_at) "
            + "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    private static final String REMOVE_REACTION = "DELETE FROM reactions WHERE conversation_id = ? AND seq = ? "
            + "AND account_id = ? AND emoji = ?";
    private static final String MARK_MODERATED = "INSERT INTO moderated_messages (conversation_id, seq, removed_at) "
            + "VALUES (?, ?, ?)";
    private static final String MODERATED = "SELECT seq FROM moderated_messages WHERE conversation_id = :c AND seq IN (<seqs>)";
    private static final String OTHER_REACTIONS_BY = "SELECT COUNT(*) FROM reactions WHERE conversation_id = ? AND seq = ? "
            + "AND account_id = ? AND emoji <> ?";
    // NO KEY UPDATE: adds of reactions wait for each other; inserts that reference the row (KEY SHARE) do not.
    private static final String LOCK_FOR_REACTION = "SELECT seq FROM messages WHERE conversation_id = ? AND seq = ? FOR NO KEY UPDATE";
    private static final String CLEAR_REACTIONS = "DELETE FROM reactions WHERE conversation_id = ? AND seq = ?";
    private static final String REACTIONS_BY = "SELECT conversation_id, seq, emoji FROM reactions WHERE account_id = ? "
            + "LIMIT ?"; // the index reactions_account (V216)
    private static final String REACTORS = "SELECT emoji, account_id FROM reactions WHERE conversation_id = ? AND seq = ? "
            + "ORDER BY created_at, account_id";
    private static final String REACTIONS = "SELECT seq, emoji, COUNT(*) AS n, "
            + "SUM(CASE WHEN account_id = :viewer THEN 1 ELSE 0 END) AS mine FROM reactions "
            + "WHERE conversation_id = :conversation AND seq IN (<seqs>) GROUP BY seq, emoji ORDER BY seq, MIN(created_at)";

    // Of a replayed page's messages, those changed since their events were stored: gone (unsent, removed
    // by a moderator, erased, expired: all marked deleted) or edited, with what renders them. By primary
    // key, a range of seqs per run of them in a conversation (an IN list of a page's 1,000 seqs took SQLite
    // ten times as long as the range); a page whose messages never changed reads no row.
    private static final String CHANGED = "SELECT " + COLUMNS.replaceAll("(\\w+)", "m.$1")
            + ", mm.seq AS moderated, sh.seq AS shadowed, a.display_name AS agent_name, "
            + "vm.folder AS viewer_folder, vm.cleared_seq AS viewer_cleared FROM messages m "
            + "LEFT JOIN moderated_messages mm ON mm.conversation_id = m.conversation_id AND mm.seq = m.seq "
            + "LEFT JOIN shadowed_messages sh ON sh.conversation_id = m.conversation_id AND sh.seq = m.seq "
            + "LEFT JOIN accounts a ON a.id = m.agent_id "
            // The viewer's place in the conversation now: whether an edit may reach them (one primary-key look-up).
            + "LEFT JOIN conversation_members vm ON vm.conversation_id = m.conversation_id AND vm.account_id = ? "
            + "WHERE (m.deleted = ? OR m.edited_at IS NOT NULL) AND (";

    /** Seqs closer than this in a conversation are read as one range (the rows between are few and adjacent). */
    private static final long RUN_GAP = 32;

    /**
     * A message as it stands now, for a replayed event that carried it.
     *
     * @param moderated a moderator removed it
     * @param shadowed  shown to its sender only (an edit may have shadowed it after others had it)
     * @param agentName the display name of the agent who wrote it for a business, if one did
     * @param seenNow   the viewer may read the message now: a member who sees the conversation, and
     *                  the message within their view of it (after their {@code cleared_seq}). One who
     *                  left, was removed or declined, or whose view starts later, was not there for an
     *                  edit since, so it must not reach them through a replay.
     */
    public record Current(Message message, boolean moderated, boolean shadowed, String agentName, boolean seenNow) {}

    /** Of these messages, those deleted or edited since they were sent, in one read; the rest are as sent. */
    public Map<MessageIds.Key, Current> changedAmong(Handle h, java.util.Set<MessageIds.Key> keys) {
        return changedAmong(h, keys, null);
    }

    /**
     * As {@link #changedAmong(Handle, java.util.Set)}, with {@link Current#seenNow} for this viewer
     * (null: no viewer to ask about, every message counts as seen).
     */
    public Map<MessageIds.Key, Current> changedAmong(Handle h, java.util.Set<MessageIds.Key> keys, String viewerId) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        Map<String, java.util.TreeSet<Long>> byConversation = new LinkedHashMap<>();
        keys.forEach(k -> byConversation.computeIfAbsent(k.conversationId(), c -> new java.util.TreeSet<>())
                .add(k.seq()));
        StringBuilder sql = new StringBuilder(CHANGED);
        List<Object> args = new ArrayList<>();
        args.add(viewerId == null ? "" : viewerId);
        args.add(true);
        byConversation.forEach((c, seqs) -> {
            long from = seqs.first();
            long to = from;
            for (long seq : seqs) {
                if (seq - to > RUN_GAP) {
                    range(sql, args, c, from, to);
                    from = seq;
                }
                to = seq;
            }
            range(sql, args, c, from, to);
        });
        var q = h.createQuery(sql.append(')').toString());
        for (int i = 0; i < args.size(); i++) {
            q.bind(i, args.get(i));
        }
        Map<MessageIds.Key, Current> out = new HashMap<>();
        q.map((rs, c) -> {
            Message m = map(rs);
            rs.getLong("moderated");
            boolean moderated = !rs.wasNull();
            rs.getLong("shadowed");
            boolean shadowed = !rs.wasNull();
            return new Current(m, moderated, shadowed, rs.getString("agent_name"),
                    viewerId == null || seesNow(rs.getString("viewer_folder"), rs.getLong("viewer_cleared"), m.seq()));
        }).forEach(now -> {
            MessageIds.Key key = new MessageIds.Key(now.message().conversationId(), now.message().seq());
            if (keys.contains(key)) { // a range also holds seqs between the asked ones
                out.put(key, now);
            }
        });
        return out;
    }

    /** A member who sees the conversation (not declined or held), the message after their cleared seq (0: none). */
    private static boolean seesNow(String folder, long cleared, long seq) {
        return folder != null && !dev.parley.conversation.Member.DECLINED.equals(folder)
                && !dev.parley.conversation.Member.HELD.equals(folder) && seq > cleared;
    }

    private static void range(StringBuilder sql, List<Object> args, String conversationId, long from, long to) {
        sql.append(args.size() > 2 ? " OR " : "").append("(m.conversation_id = ? AND m.seq BETWEEN ? AND ?)");
        args.add(conversationId);
        args.add(from);
        args.add(to);
    }

    /**
     * Messages already stored under a batch's client_ids (retries), by key. Plain JDBC with fixed
     * SQL: statements whose text changed with the batch cost more to parse than to run.
     */
    Map<SendPlan.Key, Message> byClientIds(Handle h, Dialect dialect, List<SendPlan.Key> keys) {
        Map<SendPlan.Key, Message> found = new HashMap<>();
        Connection c = h.getConnection();
        try {
            if (dialect == Dialect.POSTGRES) {
                try (PreparedStatement q = c.prepareStatement(BY_CLIENT_IDS_POSTGRES)) {
                    q.setArray(1, c.createArrayOf("text", keys.stream().map(SendPlan.Key::conversationId).toArray()));
                    q.setArray(2, c.createArrayOf("text", keys.stream().map(SendPlan.Key::senderId).toArray()));
                    q.setArray(3, c.createArrayOf("text", keys.stream().map(SendPlan.Key::clientId).toArray()));
                    collect(q, found);
                }
                return found;
            }
            return Statements.run(h, BY_CLIENT_ID, q -> {
                for (SendPlan.Key k : keys) {
                    q.setString(1, k.conversationId());
                    q.setString(2, k.senderId());
                    q.setString(3, k.clientId());
                    collect(q, found);
                }
                return found;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("reading retried sends failed", e);
        }
    }

    private static void collect(PreparedStatement q, Map<SendPlan.Key, Message> into) throws SQLException {
        try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                Message m = map(rs);
                into.put(new SendPlan.Key(m.conversationId(), m.senderId(), m.clientId()), m);
            }
        }
    }

    /** A batch of new messages, numbered, in one statement batch kept prepared on the writer's connection. */
    void insertAll(Handle h, List<Message> numbered, Instant at) {
        long millis = at.toEpochMilli();
        Statements.run(h, INSERT, insert -> {
            for (Message m : numbered) {
                insert.setString(1, m.conversationId());
                insert.setLong(2, m.seq());
                insert.setString(3, m.senderId());
                insert.setString(4, m.agentId());
                insert.setString(5, m.clientId());
                insert.setString(6, m.text());
                insert.setString(7, m.replyTo());
                insert.setLong(8, millis);
                insert.setNull(9, java.sql.Types.BIGINT);
                insert.setBoolean(10, false);
                insert.setBoolean(11, m.automated());
                insert.setString(12, m.authorKind().wire());
                insert.setString(13, m.system());
                insert.addBatch();
            }
            return insert.executeBatch();
        });
    }

    public void insert(Handle h, Message m) {
        h.execute(INSERT, m.conversationId(), m.seq(), m.senderId(), m.agentId(), m.clientId(), m.text(), m.replyTo(),
                m.createdAt().toEpochMilli(), m.editedAt() == null ? null : m.editedAt().toEpochMilli(), m.deleted(), m.automated(),
                m.authorKind().wire(), m.system());
    }

    /** Whether a message other than a system line lies before this seq: a request shows with its first. */
    boolean wordsBefore(Handle h, String conversationId, long seq) {
        return h.createQuery(WORDS_BEFORE).bind(0, conversationId).bind(1, seq).mapTo(Integer.class).findOne().isPresent();
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

    /** Messages an account sent that are not deleted yet, oldest conversation first (erasure works through them). */
    public List<Message> undeletedSentBy(Handle h, String senderId, int limit) {
        return h.createQuery(UNDELETED_SENT_BY).bind(0, senderId).bind(1, false).bind(2, limit)
                .map((rs, c) -> map(rs)).list();
    }

    public long countBySender(Handle h, String conversationId, String senderId) {
        return h.createQuery(COUNT_BY_SENDER).bind(0, conversationId).bind(1, senderId).mapTo(Long.class).one();
    }

    /** The sender's edit of {@code before}, keeping a digest of its first words when this is its first change. */
    void edit(Handle h, Message before, String text, Instant at) {
        h.execute(EDIT, text, at.toEpochMilli(), FirstText.keptAs(before), before.conversationId(), before.seq());
    }

    /** The sender's unsend, keeping a digest of the first words. */
    void unsend(Handle h, Message before) {
        unsend(h, before.conversationId(), before.seq(), false, FirstText.keptAs(before));
    }

    /** Unsend: the text and reactions go, the place in the conversation stays. */
    public void unsend(Handle h, String conversationId, long seq) {
        unsend(h, conversationId, seq, true, null);
    }

    private void unsend(Handle h, String conversationId, long seq, boolean forGood, String firstTextDigest) {
        h.execute(UNSEND, true, forGood, firstTextDigest, conversationId, seq);
        h.execute(CLEAR_REACTIONS, conversationId, seq);
    }

    /** The digest of a changed message's first words, if it was changed since they were kept (V228). */
    Optional<String> firstTextDigest(Handle h, String conversationId, long seq) {
        return h.createQuery(FIRST_TEXT_DIGEST).bind(0, conversationId).bind(1, seq).mapTo(String.class).findOne();
    }

    /** Unsend by a moderator: as {@link #unsend}, and remembered as removed by moderation. */
    public void removeByModeration(Handle h, String conversationId, long seq, Instant at) {
        unsend(h, conversationId, seq);
        h.execute(MARK_MODERATED, conversationId, seq, at.toEpochMilli());
    }

    /** Which of these seqs a moderator removed. */
    public java.util.Set<Long> moderated(Handle h, String conversationId, List<Long> seqs) {
        return new java.util.HashSet<>(h.createQuery(MODERATED).bind("c", conversationId).bindList("seqs", seqs)
                .mapTo(Long.class).list());
    }

    public boolean addReaction(Handle h, String conversationId, long seq, String accountId, String emoji, Instant at) {
        return h.execute(ADD_REACTION, conversationId, seq, accountId, emoji, at.toEpochMilli()) > 0;
    }

    public boolean removeReaction(Handle h, String conversationId, long seq, String accountId, String emoji) {
        return h.execute(REMOVE_REACTION, conversationId, seq, accountId, emoji) > 0;
    }

    /** Holds the message's row to the commit: one person's adds sent at once count in turn (SQLite: one writer). */
    void lockForReaction(Handle h, Dialect dialect, String conversationId, long seq) {
        if (dialect == Dialect.POSTGRES) {
            h.createQuery(LOCK_FOR_REACTION).bind(0, conversationId).bind(1, seq).mapTo(Long.class).findOne();
        }
    }

    /** How many reactions the account has on one message besides this emoji. */
    public int otherReactionsBy(Handle h, String conversationId, long seq, String accountId, String emoji) {
        return h.createQuery(OTHER_REACTIONS_BY).bind(0, conversationId).bind(1, seq).bind(2, accountId).bind(3, emoji)
                .mapTo(Integer.class).one();
    }

    /** One account's reaction: on which message, with what. */
    public record Reacted(String conversationId, long seq, String emoji) {}

    /** Up to {@code limit} of the account's reactions, in no order (an erasure takes them all, batch by batch). */
    public List<Reacted> reactionsBy(Handle h, String accountId, int limit) {
        return h.createQuery(REACTIONS_BY).bind(0, accountId).bind(1, limit)
                .map((rs, c) -> new Reacted(rs.getString(1), rs.getLong(2), rs.getString(3))).list();
    }

    /** Who reacted to one message with what: emoji → account ids, each in the order they reacted. */
    public Map<String, List<String>> reactors(Handle h, String conversationId, long seq) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        h.createQuery(REACTORS).bind(0, conversationId).bind(1, seq).map((rs, c) -> {
            out.computeIfAbsent(rs.getString("emoji"), k -> new java.util.ArrayList<>()).add(rs.getString("account_id"));
            return null;
        }).list();
        return out;
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
                AuthorKind.parse(rs.getString("author_kind")), rs.getString("system_event"));
    }
}
