package dev.parley.business;

import dev.parley.account.Account;
import dev.parley.account.AccountStore;
import dev.parley.conversation.ConversationService;
import dev.parley.event.EventTypes;
import dev.parley.event.Transactions;
import dev.parley.http.ApiException;
import dev.parley.http.Json;
import dev.parley.http.Page;
import dev.parley.message.MessageInput;
import dev.parley.store.Database;
import dev.parley.store.Ids;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Internal notes. They live in a table of their own, never among messages, and their one event
 * ({@code note.created}) goes to the business's own feed: no route, event or sync a customer can
 * reach carries them.
 */
public final class NoteService {
    private static final String INSERT = "INSERT INTO inbox_notes (id, business_id, conversation_id, author_id, text, "
            + "created_at) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String LIST = "SELECT id, conversation_id, author_id, text, created_at FROM inbox_notes "
            + "WHERE business_id = :business AND conversation_id = :conversation "
            + "AND (created_at > :at OR (created_at = :at AND id > :id)) ORDER BY created_at, id LIMIT :limit";

    private final Database db;
    private final Transactions tx;
    private final ConversationService conversations;
    private final AccountStore accounts;
    private final Clock clock;

    NoteService(Database db, Transactions tx, ConversationService conversations, AccountStore accounts, Clock clock) {
        this.db = db;
        this.tx = tx;
        this.conversations = conversations;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** @param agentId the person writing it, or null for the business's bot (the business is then the author) */
    public Note add(String businessId, String agentId, String conversationId, String text) {
        String body = MessageInput.validText(text);
        String authorId = agentId != null ? agentId : businessId;
        String author = accounts.byId(authorId).map(Account::displayName).orElse(null);
        return tx.run(t -> {
            Handle h = t.handle();
            conversations.requireMember(h, conversationId, businessId);
            Instant now = clock.instant();
            Note n = new Note(Ids.next('n'), conversationId, authorId, author, body, now);
            h.execute(INSERT, n.id(), businessId, conversationId, authorId, body, now.toEpochMilli());
            String data = Json.write(Map.of("note", n));
            t.append(List.of(businessId), EventTypes.NOTE_CREATED, conversationId, null, now, v -> data);
            return n;
        });
    }

    /** Oldest first, as they sit beside the conversation's messages. */
    public Page<Note> list(String businessId, String conversationId, int limit, Optional<String> cursor) {
        String[] after = cursor.map(NoteService::decode).orElse(new String[] {"-1", ""});
        return db.read(h -> {
            conversations.requireMember(h, conversationId, businessId);
            List<Row> rows = h.createQuery(LIST).bind("business", businessId).bind("conversation", conversationId)
                    .bind("at", Long.parseLong(after[0])).bind("id", after[1]).bind("limit", limit + 1)
                    .map((rs, c) -> row(rs)).list();
            boolean more = rows.size() > limit;
            List<Row> page = more ? rows.subList(0, limit) : rows;
            Map<String, String> names = accounts.byIds(new HashSet<>(page.stream().map(Row::authorId).toList()))
                    .stream().collect(Collectors.toMap(Account::id, Account::displayName));
            List<Note> items = page.stream().map(r -> new Note(r.id(), r.conversationId(), r.authorId(),
                    names.get(r.authorId()), r.text(), r.createdAt())).toList();
            String next = more ? encode(page.get(page.size() - 1)) : null;
            return new Page<>(items, next);
        });
    }

    private record Row(String id, String conversationId, String authorId, String text, Instant createdAt) {}

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString("id"), rs.getString("conversation_id"), rs.getString("author_id"),
                rs.getString("text"), Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    private static String encode(Row r) {
        String raw = r.createdAt().toEpochMilli() + ":" + r.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decode(String cursor) {
        try {
            String[] p = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":", 2);
            if (p.length != 2) {
                throw new IllegalArgumentException();
            }
            Long.parseLong(p[0]);
            return p;
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("'cursor' is not one this server gave out.");
        }
    }
}
