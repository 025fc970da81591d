package dev.parley.message;

import dev.parley.conversation.SystemLine;
import dev.parley.conversation.SystemLines;
import dev.parley.event.EventTypes;
import dev.parley.event.Transactions;
import dev.parley.http.Json;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * A group's system lines as messages (issue 21 point 5): {@code author_kind} {@code system}, the
 * actor as sender, the machine-readable body in {@code system_event} and a plain fallback text.
 * They bypass the send path (no policy, rate limit or business rule: the change they tell of was
 * already allowed) and take the conversation's next seq, so history, sync and the stream carry
 * them in order. Everything that counts or answers messages leaves them out: unread counts
 * ({@link #unreadLines}), notifications, search, the business inbox, automatic replies, bots'
 * webhooks and the response figures.
 */
public final class SystemMessages implements SystemLines {
    // Per conversation, the system lines past the viewer's read pointer (the partial index messages_system), and the
    // viewer's own automatic replies past it (messages_automated: a business's instant reply never moves its pointer).
    private static final String UNREAD_LINES = "SELECT x.conversation_id, COUNT(*) AS n FROM messages x "
            + "JOIN conversation_members m ON m.conversation_id = x.conversation_id AND m.account_id = :viewer "
            + "WHERE x.conversation_id IN (<ids>) AND x.author_kind = 'system' AND x.seq > m.read_seq "
            + "GROUP BY x.conversation_id "
            + "UNION ALL SELECT x.conversation_id, COUNT(*) AS n FROM messages x "
            + "JOIN conversation_members m ON m.conversation_id = x.conversation_id AND m.account_id = :viewer "
            + "WHERE x.conversation_id IN (<ids>) AND x.author_kind IN ('automation', 'bot') AND x.sender_id = :viewer "
            + "AND x.seq > m.read_seq GROUP BY x.conversation_id";

    private final MessageStore store;
    private final MessageViews views;

    public SystemMessages(MessageStore store, MessageViews views) {
        this.store = store;
        this.views = views;
    }

    @Override
    public void write(Transactions.Tx t, SystemLine line, long seq, List<String> recipients) {
        // The client_id is the seq's: unique in the conversation whoever the actor is.
        Message m = new Message(line.conversationId(), seq, line.actorId(), null, "system-" + seq, line.text(), null,
                line.at(), null, false, AuthorKind.SYSTEM, line.body());
        store.insert(t.handle(), m);
        MessageView view = MessageView.of(m, Map.of());
        String data = Json.write(Map.of("message", view));
        // A member whom the actor or target blocked reads them as "Parley user" (MessageViews.pastBlocks):
        // a name chosen after the block must not reach them through the stream or sync either.
        t.append(recipients, EventTypes.MESSAGE_CREATED, line.conversationId(), seq, line.at(), v -> {
            MessageView seen = views.pastBlocks(view, v);
            return seen == view ? data : Json.write(Map.of("message", seen));
        }, view);
    }

    /** Per conversation, how many system lines and own automatic replies lie past the viewer's read pointer: never unread. */
    static Map<String, Long> unreadLines(Handle h, String viewerId, Collection<String> conversationIds) {
        Map<String, Long> out = new HashMap<>();
        if (conversationIds.isEmpty()) {
            return out;
        }
        h.createQuery(UNREAD_LINES).bind("viewer", viewerId).bindList("ids", List.copyOf(conversationIds))
                .map((rs, c) -> out.merge(rs.getString("conversation_id"), rs.getLong("n"), Long::sum)).list();
        return out;
    }
}
