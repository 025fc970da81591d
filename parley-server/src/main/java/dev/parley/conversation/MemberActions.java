package dev.parley.conversation;

import dev.parley.event.EventTypes;
import dev.parley.event.Transactions;
import dev.parley.http.ApiException;
import dev.parley.http.Json;
import dev.parley.store.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * {@code PATCH /conversations/{id}/me}: what a member does to a conversation for themself alone
 * (pin, archive, mark as unread, delete for me), and their unread total. Each change is one
 * {@code conversation.updated} event in the member's own log, so their other devices follow; the
 * other members hear nothing. A stranger or a removed member gets the 404 an unknown id gets.
 */
public final class MemberActions {
    /** Pins beyond this many crowd out the list; the client says to unpin one first. */
    public static final int MAX_PINS = 20;

    private final Database db;
    private final Transactions tx;
    private final ConversationStore store;
    private final ConversationService conversations;
    private final Clock clock;

    public MemberActions(Database db, Transactions tx, ConversationStore store, ConversationService conversations,
                         Clock clock) {
        this.db = db;
        this.tx = tx;
        this.store = store;
        this.conversations = conversations;
        this.clock = clock;
    }

    /** The body: each field present changes; absent ones stay. */
    public record Patch(Boolean archived, Boolean pinned, Boolean unread, Boolean deleted) {}

    /** The unread total over the inbox, leaving out archived and muted conversations. */
    public record Unread(long conversations, long messages) {}

    public ConversationView apply(String actorId, String conversationId, Patch p) {
        if (p.archived() == null && p.pinned() == null && p.unread() == null && p.deleted() == null) {
            throw ApiException.validation("Give at least one of 'archived', 'pinned', 'unread', 'deleted'.");
        }
        if (Boolean.FALSE.equals(p.deleted())) {
            throw ApiException.validation("'deleted' can only be true: a conversation deleted for you can't be restored.");
        }
        tx.run(t -> {
            Handle h = t.handle();
            Member me = conversations.requireMember(h, conversationId, actorId);
            Conversation c = conversations.requireConversation(h, conversationId);
            MemberStateStore states = conversations.states();
            MemberState s = states.state(h, conversationId, actorId);
            Instant now = clock.instant();
            if (Boolean.TRUE.equals(p.deleted())) {
                // Up to now, gone for this member: no pin, no archive, nothing unread.
                s = new MemberState(null, null, false, c.lastSeq());
                store.advanceRead(h, conversationId, actorId, c.lastSeq());
            }
            if (p.archived() != null) {
                s = new MemberState(p.archived() ? null : s.pinnedAt(), p.archived() ? c.lastSeq() : null,
                        s.markedUnread(), s.clearedSeq());
            }
            if (p.pinned() != null) {
                if (p.pinned() && s.pinnedAt() == null && states.pinCount(h, actorId) >= MAX_PINS) {
                    throw new ApiException(409, "too_many_pins", "Too many pinned conversations",
                            "At most " + MAX_PINS + " conversations can be pinned; unpin one first.");
                }
                Instant pinnedAt = p.pinned() ? (s.pinnedAt() == null ? now : s.pinnedAt()) : null;
                s = new MemberState(pinnedAt, p.pinned() ? null : s.archivedSeq(), s.markedUnread(), s.clearedSeq());
            }
            if (p.unread() != null) {
                if (p.unread() && c.lastSeq() <= s.clearedUpTo()) {
                    throw ApiException.conflict("This conversation has no messages to mark as unread.");
                }
                s = new MemberState(s.pinnedAt(), s.archivedSeq(), p.unread(), s.clearedSeq());
            }
            states.set(h, conversationId, actorId, s);
            MemberState done = s;
            t.append(List.of(actorId), EventTypes.CONVERSATION_UPDATED, conversationId, null, now,
                    v -> Json.write(event(done, c.lastSeq(), me.mutedAt(now))));
            return null;
        });
        return conversations.get(actorId, conversationId);
    }

    public Unread unread(String accountId) {
        long[] n = db.read(h -> conversations.states().unread(h, accountId, clock.instant()));
        return new Unread(n[0], n[1]);
    }

    private static Map<String, Object> event(MemberState s, long lastSeq, boolean muted) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("pinned", s.pinnedAt() != null);
        data.put("archived", s.archivedAt(lastSeq, muted));
        data.put("marked_unread", s.markedUnread());
        data.put("cleared_seq", s.clearedSeq());
        return data;
    }
}
