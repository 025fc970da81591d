package dev.parley.conversation;

import dev.parley.event.EventTypes;
import dev.parley.event.Transactions;
import dev.parley.http.Json;
import dev.parley.store.Database;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Message requests held for review (issue 19, point 4): while an account's requests are declined
 * or reported above {@code safety.declined_requests_per_day}, its new requests are made as usual
 * and answered as sent, but the recipient's place in them is the {@code held} folder, which the
 * recipient does not see (no event, no list, no history, no search) until a moderator releases
 * them into the recipient's requests or drops them (as if declined). The sender is told nothing.
 */
public final class HeldRequests {
    /** Held requests one sender may have waiting; past it new requests are refused ({@code requests_paused}). */
    public static final int MAX_PER_SENDER = 20;

    private static final String HELD = "SELECT m.conversation_id, m.account_id, c.created_by, c.created_at, "
            + "COALESCE(f.text, '') AS text FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id "
            + "LEFT JOIN messages f ON f.conversation_id = c.id AND f.seq = 1 "
            + "WHERE m.folder = 'held' ORDER BY c.created_at DESC LIMIT ?";
    private static final String HELD_FROM = "SELECT m.conversation_id, m.account_id, c.last_seq FROM conversation_members m "
            + "JOIN conversations c ON c.id = m.conversation_id WHERE m.folder = 'held' AND c.created_by = ?";
    private static final String COUNT_FROM = "SELECT COUNT(*) FROM conversation_members m "
            + "JOIN conversations c ON c.id = m.conversation_id WHERE m.folder = 'held' AND c.created_by = ?";

    /** One held request: who sent it, to whom, when, and its first message as the recipient would read it. */
    public record Held(String senderId, String conversationId, String recipientId, Instant createdAt, String text) {}

    private final Database db;
    private final Transactions tx;
    private final ConversationStore store;

    HeldRequests(Database db, Transactions tx, ConversationStore store) {
        this.db = db;
        this.tx = tx;
        this.store = store;
    }

    /** The held requests, newest first, for the moderators' queue. */
    public List<Held> all(int limit) {
        return db.read(h -> h.createQuery(HELD).bind(0, limit).map((rs, c) -> new Held(rs.getString("created_by"),
                rs.getString("conversation_id"), rs.getString("account_id"),
                Instant.ofEpochMilli(rs.getLong("created_at")), rs.getString("text"))).list());
    }

    int countFrom(String senderId) {
        return db.read(h -> h.createQuery(COUNT_FROM).bind(0, senderId).mapTo(Integer.class).one());
    }

    /**
     * A moderator lets the sender's held requests through: each lands in its recipient's requests,
     * and a recipient told of it by {@code request.created} as on any request. Answers how many.
     */
    public int release(String senderId, Instant now) {
        return tx.run(t -> {
            List<Pending> held = pending(t.handle(), senderId);
            for (Pending p : held) {
                store.setFolder(t.handle(), p.conversationId(), p.recipientId(), Member.REQUESTS);
                if (p.lastSeq() > 0) {
                    String data = Json.write(Map.of("conversation_id", p.conversationId(), "from", senderId));
                    t.append(List.of(p.recipientId()), EventTypes.REQUEST_CREATED, p.conversationId(), null, now,
                            v -> data);
                }
            }
            return held.size();
        });
    }

    /** A moderator drops the sender's held requests: declined for their recipients, who never see them. */
    public int drop(String senderId) {
        return db.write(h -> {
            List<Pending> held = pending(h, senderId);
            held.forEach(p -> store.setFolder(h, p.conversationId(), p.recipientId(), Member.DECLINED));
            return held.size();
        });
    }

    private record Pending(String conversationId, String recipientId, long lastSeq) {}

    private static List<Pending> pending(org.jdbi.v3.core.Handle h, String senderId) {
        return h.createQuery(HELD_FROM).bind(0, senderId).map((rs, c) -> new Pending(rs.getString("conversation_id"),
                rs.getString("account_id"), rs.getLong("last_seq"))).list();
    }
}
