package dev.parley.message;

import dev.parley.conversation.ConversationService;
import dev.parley.http.ApiException;
import dev.parley.http.Page;
import dev.parley.store.Database;
import dev.parley.store.Dialect;
import dev.parley.text.AccentFold;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Full-text search over the caller's conversations: every word of the query must start a word of
 * the message, case-insensitively and without regard to accents ({@link AccentFold}: "cafe" finds
 * "café"), with no stemming, so SQLite (FTS5, unicode61) and PostgreSQL (the 'simple' configuration
 * over {@code parley_fold}) answer alike. Unsent messages are not found.
 */
public final class MessageSearch {
    private static final int MAX_TERMS = 8;
    private static final String MEMBER_JOIN = "JOIN conversation_members cm ON cm.conversation_id = m.conversation_id "
            + "AND cm.account_id = :viewer AND cm.folder NOT IN ('declined', 'held') "
            + "AND (cm.cleared_seq IS NULL OR m.seq > cm.cleared_seq) "; // "delete for me" (issue 21 point 7)
    // Another's shadowed messages are not found (the sender finds its own).
    // System lines ("Ann added Bob") are no one's words: never found (SQLite does not index them).
    private static final String NOT_SHADOWED = "AND NOT EXISTS (SELECT 1 FROM shadowed_messages s "
            + "WHERE s.conversation_id = m.conversation_id AND s.seq = m.seq AND s.sender_id <> :viewer) "
            + "AND m.author_kind <> 'system' ";
    // Newest first in the order the node stored them (rowid), which the index walks backwards itself:
    // the first page stops after enough of the viewer's matches. Ordered by created_at, a word in most
    // messages (a common word, a one-letter prefix) had every match of the node joined and sorted
    // first: 230 ms for 490,000 matching messages, 26 ms now (docs/PERFORMANCE.md). CROSS JOIN keeps
    // the index the outer loop; as an inner one, FTS5 would run the whole match for each message.
    static final String SQLITE = "SELECT m.conversation_id, m.seq, m.sender_id, m.agent_id, m.client_id, m.text, "
            + "m.reply_to, m.created_at, m.edited_at, m.deleted, m.automated, m.author_kind, m.system_event FROM messages_fts f "
            + "CROSS JOIN messages m ON m.rowid = f.rowid " + MEMBER_JOIN
            + "WHERE messages_fts MATCH :query AND m.deleted = 0 " + NOT_SHADOWED + "<scope> "
            + "ORDER BY f.rowid DESC LIMIT :limit OFFSET :offset";
    private static final String POSTGRES = "SELECT m.conversation_id, m.seq, m.sender_id, m.agent_id, m.client_id, m.text, "
            + "m.reply_to, m.created_at, m.edited_at, m.deleted, m.automated, m.author_kind, m.system_event FROM messages m " + MEMBER_JOIN
            + "WHERE to_tsvector('simple', parley_fold(m.text)) @@ to_tsquery('simple', :query) AND m.deleted = FALSE " + NOT_SHADOWED + "<scope> "
            + "ORDER BY m.created_at DESC, m.seq DESC LIMIT :limit OFFSET :offset";

    private final Database db;
    private final ConversationService conversations;
    private final MessageViews messages;
    private final Runnable catchUp;

    public MessageSearch(Database db, ConversationService conversations, MessageViews messages) {
        this(db, conversations, messages, () -> {});
    }

    /** @param catchUp brings an index kept off the commit path up to date before a query */
    public MessageSearch(Database db, ConversationService conversations, MessageViews messages, Runnable catchUp) {
        this.db = db;
        this.conversations = conversations;
        this.messages = messages;
        this.catchUp = catchUp;
    }

    public Page<MessageView> search(String viewerId, String q, Optional<String> conversationId, int limit,
                                    Optional<String> cursor) {
        List<String> terms = terms(q);
        int offset = cursor.map(MessageSearch::offset).orElse(0);
        String sql = (db.dialect() == Dialect.SQLITE ? SQLITE : POSTGRES)
                .replace("<scope>", conversationId.isPresent() ? "AND m.conversation_id = :conversation" : "");
        String query = db.dialect() == Dialect.SQLITE
                ? String.join(" AND ", terms.stream().map(t -> "\"" + t + "\"*").toList())
                : String.join(" & ", terms.stream().map(t -> t + ":*").toList());
        catchUp.run();
        return db.read(h -> {
            conversationId.ifPresent(id -> conversations.requireMember(h, id, viewerId));
            var stmt = h.createQuery(sql).bind("viewer", viewerId).bind("query", query)
                    .bind("limit", limit + 1).bind("offset", offset);
            conversationId.ifPresent(id -> stmt.bind("conversation", id));
            List<Message> rows = stmt.map((rs, c) -> MessageStore.map(rs)).list();
            boolean more = rows.size() > limit;
            List<MessageView> items = new ArrayList<>();
            for (Message m : more ? rows.subList(0, limit) : rows) {
                items.add(messages.render(h, m, viewerId));
            }
            return new Page<>(items, more ? String.valueOf(offset + limit) : null);
        });
    }

    /** Words of letters and digits, lower-cased; anything else separates them. */
    static List<String> terms(String q) {
        if (q == null || q.isBlank()) {
            throw ApiException.validation("Give 'q', the words to search for.");
        }
        if (q.length() > 200) {
            throw ApiException.validation("'q' is at most 200 characters.");
        }
        List<String> terms = new ArrayList<>();
        for (String t : AccentFold.fold(q).toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!t.isEmpty() && terms.size() < MAX_TERMS && !terms.contains(t)) {
                terms.add(t);
            }
        }
        if (terms.isEmpty()) {
            throw ApiException.validation("'q' needs at least one word.");
        }
        return terms;
    }

    private static int offset(String cursor) {
        try {
            int n = Integer.parseInt(cursor);
            if (n < 0 || n > 100_000) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("'cursor' is not one this server gave out.");
        }
    }
}
