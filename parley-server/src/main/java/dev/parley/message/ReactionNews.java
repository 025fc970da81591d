package dev.parley.message;

import dev.parley.conversation.ConversationStore;
import dev.parley.conversation.Member;
import dev.parley.event.EventTypes;
import dev.parley.event.Transactions;
import dev.parley.http.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Telling who sees a message that one of its reactions changed: a person adding or taking back
 * their own, and an erasure taking back the erased account's, in the same words.
 */
public final class ReactionNews {
    private ReactionNews() {}

    /**
     * Who hears of a change to the message: its sender alone when it is shadowed, else every member
     * who sees it but {@code excluding} (an account being erased; null for none).
     */
    public static List<String> audience(Handle h, ConversationStore conversations, ShadowedMessages shadowed,
                                        Message m, String excluding) {
        if (shadowed.isShadowed(h, m.conversationId(), m.seq())) {
            return List.of(m.senderId());
        }
        return conversations.members(h, m.conversationId()).stream().filter(Member::sees).map(Member::accountId)
                .filter(a -> !a.equals(excluding)).toList();
    }

    /** Appends {@code reaction.changed} for the audience, with the message's count of the emoji now. */
    public static void tell(Transactions.Tx t, MessageStore store, List<String> audience, Message m, String accountId,
                            String emoji, boolean added, Instant now) {
        long count = store.reactions(t.handle(), m.conversationId(), List.of(m.seq()), accountId)
                .getOrDefault(m.seq(), Map.of()).getOrDefault(emoji, new MessageView.Reaction(0, false)).count();
        String data = Json.write(Map.of("message_id", m.id(), "emoji", emoji, "account_id", accountId,
                "added", added, "count", count));
        t.append(audience, EventTypes.REACTION_CHANGED, m.conversationId(), m.seq(), now, v -> data);
    }
}
