package dev.parley.message;

import dev.parley.http.ApiException;
import dev.parley.store.Dialect;
import org.jdbi.v3.core.Handle;

/**
 * At most {@value #MAX_PER_PERSON} different emoji from one person on one message: each reaction
 * is a {@code reaction.changed} to every member, so one person could otherwise flood a group with
 * dozens of them on one line. Re-adding one already there and taking one back are never refused.
 * The count and the insert after it hold under concurrency: on PostgreSQL an add first locks the
 * message's row (so one person's adds sent at once are counted one after another); SQLite's one
 * writer already runs them in turn.
 */
final class ReactionCap {
    static final int MAX_PER_PERSON = 10;

    private ReactionCap() {}

    static void check(Handle h, Dialect dialect, MessageStore store, Message m, String actorId, String emoji, boolean add) {
        if (!add) {
            return;
        }
        store.lockForReaction(h, dialect, m.conversationId(), m.seq());
        if (store.otherReactionsBy(h, m.conversationId(), m.seq(), actorId, emoji) >= MAX_PER_PERSON) {
            throw new ApiException(422, "too_many_reactions", "Too many reactions",
                    "One person may put at most " + MAX_PER_PERSON + " different reactions on a message; take one back first.");
        }
    }
}
