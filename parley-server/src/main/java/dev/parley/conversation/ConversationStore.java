package dev.parley.conversation;

import dev.parley.http.ApiException;
import dev.parley.store.Dialect;
import dev.parley.store.Statements;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * Conversations and their members, on SQLite or PostgreSQL alike. Every method joins the caller's
 * handle, so checks and writes can share one transaction.
 */
public final class ConversationStore {
    private static final String CONV_COLUMNS = "c.id, c.kind, c.title, c.created_by, c.created_at, c.updated_at, c.last_seq";
    private static final String MEMBER_COLUMNS = "m.conversation_id, m.account_id, m.role, m.folder, m.read_seq, m.muted, m.joined_at, m.muted_until";
    private static final String INSERT = "INSERT INTO conversations (id, kind, title, direct_key, created_by, created_at, updated_at, last_seq) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, 0)";
    private static final String INSERT_MEMBER = "INSERT INTO conversation_members "
            + "(conversation_id, account_id, role, folder, read_seq, muted, joined_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String BY_ID = "SELECT " + CONV_COLUMNS + " FROM conversations c WHERE c.id = ?";
    private static final String BY_DIRECT_KEY = "SELECT " + CONV_COLUMNS + " FROM conversations c WHERE c.direct_key = ?";
    private static final String MEMBER = "SELECT " + MEMBER_COLUMNS + " FROM conversation_members m "
            + "WHERE m.conversation_id = ? AND m.account_id = ?";
    private static final String MEMBERS = "SELECT " + MEMBER_COLUMNS + " FROM conversation_members m "
            + "WHERE m.conversation_id IN (<ids>) ORDER BY m.joined_at, m.account_id";
    // The conversation and its members in one statement: what every send checks.
    private static final String WITH_MEMBERS = "SELECT " + CONV_COLUMNS + ", " + MEMBER_COLUMNS
            + " FROM conversations c JOIN conversation_members m ON m.conversation_id = c.id"
            + " WHERE c.id = ? ORDER BY m.joined_at, m.account_id";
    private static final String LIST = "SELECT " + CONV_COLUMNS + " FROM conversation_members m "
            + "JOIN conversations c ON c.id = m.conversation_id "
            + "WHERE m.account_id = :account AND m.folder = :folder "
            // A request shows once it holds a message: its system lines ("Ann added you") are none.
            + "AND (:min_seq = 0 OR c.last_seq > (SELECT COUNT(*) FROM messages x WHERE x.conversation_id = c.id "
            + "AND x.author_kind = 'system')) "
            + "AND " + MemberStateStore.VISIBLE_NOW + " AND (CASE WHEN " + MemberStateStore.ARCHIVED_NOW
            + " THEN 1 ELSE 0 END) = :archived AND (:pins = 1 OR m.pinned_at IS NULL) "
            // Not a conversation whose every message is another's shadowed one (seqs have no gaps).
            + "AND (c.last_seq = 0 OR c.last_seq > (SELECT COUNT(*) FROM shadowed_messages s "
            + "WHERE s.conversation_id = c.id AND s.sender_id <> :account)) "
            + "AND (c.updated_at < :before_at OR (c.updated_at = :before_at AND c.id < :before_id)) "
            + "ORDER BY c.updated_at DESC, c.id DESC LIMIT :limit";
    private static final String PINNED = "SELECT " + CONV_COLUMNS + " FROM conversation_members m "
            + "JOIN conversations c ON c.id = m.conversation_id WHERE m.account_id = :account AND m.folder = 'inbox' "
            + "AND m.pinned_at IS NOT NULL AND " + MemberStateStore.VISIBLE_NOW + " AND NOT "
            + MemberStateStore.ARCHIVED_NOW + " ORDER BY m.pinned_at DESC, c.id";
    private static final String NEXT_SEQ = "UPDATE conversations SET last_seq = last_seq + 1, updated_at = ? "
            + "WHERE id = ? RETURNING last_seq";
    // A batch of sends (the group commit): each conversation's counter read once, and on
    // PostgreSQL locked until commit in id order, so batches on different nodes never deadlock.
    private static final String LAST_SEQ = "SELECT last_seq FROM conversations WHERE id = ?";
    private static final String LOCK_POSTGRES = "SELECT id, last_seq FROM conversations WHERE id = ANY (?) ORDER BY id FOR UPDATE";
    private static final String SET_SEQ = "UPDATE conversations SET last_seq = ?, updated_at = ? WHERE id = ?";
    // A message shown to its sender only moves the counter but not the activity others sort by.
    private static final String SET_SEQ_QUIET = "UPDATE conversations SET last_seq = ? WHERE id = ?";
    private static final String TOUCH = "UPDATE conversations SET updated_at = ? WHERE id = ?";
    private static final String SET_TITLE = "UPDATE conversations SET title = ?, updated_at = ? WHERE id = ?";
    private static final String SET_FOLDER = "UPDATE conversation_members SET folder = ? WHERE conversation_id = ? AND account_id = ?";
    private static final String SET_MUTED = "UPDATE conversation_members SET muted = ?, muted_until = ? "
            + "WHERE conversation_id = ? AND account_id = ?";
    private static final String ADVANCE_READ = "UPDATE conversation_members SET read_seq = ? "
            + "WHERE conversation_id = ? AND account_id = ? AND read_seq < ?";
    private static final String REMOVE_MEMBER = "DELETE FROM conversation_members WHERE conversation_id = ? AND account_id = ?";
    private static final String SET_ROLE = "UPDATE conversation_members SET role = ? WHERE conversation_id = ? AND account_id = ?";
    private static final String COUNT_SENT = "SELECT COUNT(*) FROM messages WHERE conversation_id = ? AND sender_id = ?";
    private static final String SHARED_WITH = "SELECT DISTINCT o.account_id FROM conversation_members m "
            + "JOIN conversation_members o ON o.conversation_id = m.conversation_id "
            + "WHERE m.account_id = ? AND m.folder = 'inbox' AND o.folder = 'inbox' AND o.account_id <> ?";

    /** Null when sends read their checks from the store each time (a store other nodes write too). */
    private final SendFacts facts;

    /** Every send reads its checks from the store. */
    public ConversationStore() {
        this(false);
    }

    /** @param keepSendFacts this node alone writes the store (SQLite): keep what sends check in memory */
    public ConversationStore(boolean keepSendFacts) {
        this.facts = keepSendFacts ? new SendFacts() : null;
    }

    /** The cache of what sends check, or empty when each send reads the store. */
    public Optional<SendFacts> sendFacts() {
        return Optional.ofNullable(facts);
    }

    private void changed(Handle h, String conversationId) {
        if (facts != null) {
            facts.changed(h, conversationId);
        }
    }

    public void insert(Handle h, Conversation c, String directKey) {
        h.execute(INSERT, c.id(), c.kind(), c.title(), directKey, c.createdBy(),
                c.createdAt().toEpochMilli(), c.updatedAt().toEpochMilli());
        changed(h, c.id());
    }

    public void insertMember(Handle h, Member m) {
        h.execute(INSERT_MEMBER, m.conversationId(), m.accountId(), m.role(), m.folder(), m.readSeq(), m.muted(),
                m.joinedAt().toEpochMilli());
        changed(h, m.conversationId());
    }

    public Optional<Conversation> byId(Handle h, String id) {
        return h.createQuery(BY_ID).bind(0, id).map((rs, c) -> conversation(rs)).findOne();
    }

    public Optional<Conversation> direct(Handle h, String a, String b) {
        return h.createQuery(BY_DIRECT_KEY).bind(0, Conversation.directKey(a, b)).map((rs, c) -> conversation(rs)).findOne();
    }

    /** A conversation with its members (ordered as {@link #members(Handle, String)} orders them). */
    public record WithMembers(Conversation conversation, List<Member> members) {
        public Optional<Member> member(String accountId) {
            return members.stream().filter(m -> m.accountId().equals(accountId)).findFirst();
        }
    }

    /**
     * The conversation and its members, read by one statement (so from one snapshot); empty when
     * there is no such conversation, or it has no members. Where this node keeps what sends check
     * in memory ({@link SendFacts}), answered from there when known, and remembered when read.
     *
     * @implNote Plain JDBC with positional columns, prepared once per connection
     * ({@link Statements}): every send runs it, and Jdbi's statement set-up, SQLite's compiling of
     * the join and its lookup of columns by name cost more than the query itself.
     */
    public Optional<WithMembers> withMembers(Handle h, String conversationId) {
        if (facts == null) {
            return read(h, conversationId);
        }
        Optional<WithMembers> known = facts.get(conversationId);
        if (known.isPresent()) {
            return known;
        }
        long before = facts.changeCount();
        Optional<WithMembers> found = read(h, conversationId);
        found.ifPresent(w -> facts.loaded(conversationId, w, before));
        return found;
    }

    private Optional<WithMembers> read(Handle h, String conversationId) {
        return Statements.run(h, WITH_MEMBERS, q -> {
            q.setString(1, conversationId);
            try (ResultSet rs = q.executeQuery()) {
                Conversation c = null;
                List<Member> members = new ArrayList<>(2);
                while (rs.next()) {
                    if (c == null) {
                        c = new Conversation(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                Instant.ofEpochMilli(rs.getLong(5)), Instant.ofEpochMilli(rs.getLong(6)), rs.getLong(7));
                    }
                    members.add(new Member(rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                            rs.getLong(12), rs.getBoolean(13), Instant.ofEpochMilli(rs.getLong(14)), instant(rs, 15)));
                }
                return c == null ? Optional.empty() : Optional.of(new WithMembers(c, List.copyOf(members)));
            }
        });
    }

    public Optional<Member> member(Handle h, String conversationId, String accountId) {
        return h.createQuery(MEMBER).bind(0, conversationId).bind(1, accountId).map((rs, c) -> member(rs)).findOne();
    }

    public List<Member> members(Handle h, String conversationId) {
        return members(h, List.of(conversationId));
    }

    public List<Member> members(Handle h, Collection<String> conversationIds) {
        if (conversationIds.isEmpty()) {
            return List.of();
        }
        return h.createQuery(MEMBERS).bindList("ids", List.copyOf(conversationIds)).map((rs, c) -> member(rs)).list();
    }

    /** The account's conversations in a folder, newest activity first, after the cursor position. */
    public List<Conversation> list(Handle h, String accountId, Listing listing, boolean onlyWithMessages,
                                   long beforeAt, String beforeId, int limit) {
        return h.createQuery(LIST)
                .bind("account", accountId)
                .bind("folder", listing.folder())
                .bind("archived", listing.archived() ? 1 : 0)
                .bind("pins", listing.withPinned() ? 1 : 0)
                .bind("now", listing.now().toEpochMilli())
                .bind("min_seq", onlyWithMessages ? 1 : 0)
                .bind("before_at", beforeAt)
                .bind("before_id", beforeId)
                .bind("limit", limit)
                .map((rs, c) -> conversation(rs)).list();
    }

    /**
     * Which conversations a list holds: a folder; archived or not ({@link MemberState}); and
     * whether pinned ones come with the rest (else the inbox lists them apart, first).
     */
    public record Listing(String folder, boolean archived, boolean withPinned, Instant now) {}

    /** The account's pinned inbox conversations (not deleted for them, not archived), newest pin first. */
    public List<Conversation> pinned(Handle h, String accountId, Instant now) {
        return h.createQuery(PINNED).bind("account", accountId).bind("now", now.toEpochMilli())
                .map((rs, c) -> conversation(rs)).list();
    }

    /** Takes the conversation's next message number; the row stays locked until commit. */
    public long nextSeq(Handle h, String conversationId, Instant now) {
        long seq = h.createQuery(NEXT_SEQ).bind(0, now.toEpochMilli()).bind(1, conversationId).mapTo(Long.class).one();
        changed(h, conversationId);
        return seq;
    }

    /**
     * Each conversation's last seq, read once for a batch of sends. On PostgreSQL the rows stay
     * locked until commit, taken in id order so batches on different nodes never deadlock; on
     * SQLite the writer's lock already makes the batch the only writer. Plain JDBC with fixed SQL
     * kept prepared on the writer's connection ({@link Statements}).
     *
     * @param sortedIds distinct conversation ids, in order
     * @throws ApiException 404 when one of them is gone
     */
    public Map<String, Long> lockLastSeqs(Handle h, Dialect dialect, List<String> sortedIds) {
        Map<String, Long> last = new TreeMap<>();
        Connection c = h.getConnection();
        try {
            if (dialect == Dialect.POSTGRES) {
                try (PreparedStatement q = c.prepareStatement(LOCK_POSTGRES)) {
                    q.setArray(1, c.createArrayOf("text", sortedIds.toArray()));
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next()) {
                            last.put(rs.getString(1), rs.getLong(2));
                        }
                    }
                }
            } else {
                Statements.run(h, LAST_SEQ, q -> {
                    for (String id : sortedIds) {
                        q.setString(1, id);
                        try (ResultSet rs = q.executeQuery()) {
                            if (rs.next()) {
                                last.put(id, rs.getLong(1));
                            }
                        }
                    }
                    return null;
                });
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading conversations failed", e);
        }
        if (last.size() != sortedIds.size()) {
            throw ApiException.notFound("conversation");
        }
        return last;
    }

    /** A batch of sends moved these conversations' last seq (conversation → seq): set each once. */
    public void setLastSeqs(Handle h, Map<String, Long> lastSeq, Instant at) {
        setLastSeqs(h, lastSeq, at, java.util.Set.of());
    }

    /**
     * @param quiet conversations whose new messages are all shown to their senders only: their
     *              activity time (the order of everyone's conversation list) stays as it was
     */
    public void setLastSeqs(Handle h, Map<String, Long> lastSeq, Instant at, java.util.Set<String> quiet) {
        long millis = at.toEpochMilli();
        if (!quiet.isEmpty()) {
            Statements.run(h, SET_SEQ_QUIET, seqs -> {
                for (String id : quiet) {
                    seqs.setLong(1, lastSeq.get(id));
                    seqs.setString(2, id);
                    seqs.addBatch();
                }
                return seqs.executeBatch();
            });
        }
        Statements.run(h, SET_SEQ, seqs -> {
            for (Map.Entry<String, Long> e : lastSeq.entrySet()) {
                if (quiet.contains(e.getKey())) {
                    continue;
                }
                seqs.setLong(1, e.getValue());
                seqs.setLong(2, millis);
                seqs.setString(3, e.getKey());
                seqs.addBatch();
            }
            return seqs.executeBatch();
        });
    }

    /**
     * A batch of sends, stored: each sender's read pointer moves once to their last message
     * ({@code readBy}: conversation → sender → seq, in order), and the send facts learn the new
     * last seqs and pointers at commit.
     */
    public void advanceSenders(Handle h, Map<String, Long> lastSeq, Map<String, Map<String, Long>> readBy, Instant at) {
        Statements.run(h, ADVANCE_READ, advance -> {
            for (Map.Entry<String, Map<String, Long>> c : readBy.entrySet()) {
                for (Map.Entry<String, Long> sender : c.getValue().entrySet()) {
                    advance.setLong(1, sender.getValue());
                    advance.setString(2, c.getKey());
                    advance.setString(3, sender.getKey());
                    advance.setLong(4, sender.getValue());
                    advance.addBatch();
                }
            }
            return advance.executeBatch();
        });
        if (facts != null) {
            facts.sent(h, lastSeq, at, readBy);
        }
    }

    public void touch(Handle h, String conversationId, Instant now) {
        h.execute(TOUCH, now.toEpochMilli(), conversationId);
        changed(h, conversationId);
    }

    public void setTitle(Handle h, String conversationId, String title, Instant now) {
        h.execute(SET_TITLE, title, now.toEpochMilli(), conversationId);
        changed(h, conversationId);
    }

    public void setFolder(Handle h, String conversationId, String accountId, String folder) {
        h.execute(SET_FOLDER, folder, conversationId, accountId);
        changed(h, conversationId);
    }

    public void setMuted(Handle h, String conversationId, String accountId, boolean muted) {
        setMuted(h, conversationId, accountId, muted, null);
    }

    /** Muted for ever ({@code muted}), until a time ({@code until}), or neither. */
    public void setMuted(Handle h, String conversationId, String accountId, boolean muted, Instant until) {
        h.execute(SET_MUTED, muted, until == null ? null : until.toEpochMilli(), conversationId, accountId);
        changed(h, conversationId);
    }

    /** @return true if the pointer moved (it only moves forward) */
    public boolean advanceRead(Handle h, String conversationId, String accountId, long seq) {
        boolean moved = h.execute(ADVANCE_READ, seq, conversationId, accountId, seq) > 0;
        changed(h, conversationId);
        return moved;
    }

    public void removeMember(Handle h, String conversationId, String accountId) {
        h.execute(REMOVE_MEMBER, conversationId, accountId);
        changed(h, conversationId);
    }

    public void setRole(Handle h, String conversationId, String accountId, String role) {
        h.execute(SET_ROLE, role, conversationId, accountId);
        changed(h, conversationId);
    }

    /** Messages the account has put in the conversation (a pending request holds only a few). */
    public long countSentBy(Handle h, String conversationId, String accountId) {
        return h.createQuery(COUNT_SENT).bind(0, conversationId).bind(1, accountId).mapTo(Long.class).one();
    }

    /**
     * Everyone who shares an accepted conversation with the account: who hears its presence. A
     * pending request shares nothing, either way: the sender can't watch when the recipient is
     * online, and the recipient gives nothing away by looking.
     */
    public List<String> sharedWith(Handle h, String accountId) {
        return h.createQuery(SHARED_WITH).bind(0, accountId).bind(1, accountId).mapTo(String.class).list();
    }

    private static Conversation conversation(ResultSet rs) throws SQLException {
        return new Conversation(rs.getString("id"), rs.getString("kind"), rs.getString("title"),
                rs.getString("created_by"), Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("updated_at")), rs.getLong("last_seq"));
    }

    private static Member member(ResultSet rs) throws SQLException {
        return new Member(rs.getString("conversation_id"), rs.getString("account_id"), rs.getString("role"),
                rs.getString("folder"), rs.getLong("read_seq"), rs.getBoolean("muted"),
                Instant.ofEpochMilli(rs.getLong("joined_at")), instant(rs, rs.findColumn("muted_until")));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
