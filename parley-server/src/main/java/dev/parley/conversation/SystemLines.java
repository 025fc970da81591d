package dev.parley.conversation;

import dev.parley.event.Transactions;
import java.util.List;

/**
 * Writes a group's system lines ("Ann added Bob") as messages, in the caller's transaction, so a
 * line exists exactly when the change it tells of does. The message feature implements it (it
 * owns {@code messages}); the conversation feature, built first, takes the seq and says who hears.
 */
@FunctionalInterface
public interface SystemLines {
    /**
     * Stores the line at {@code seq} (already taken with {@link ConversationStore#nextSeq}) and
     * appends its {@code message.created} to the recipients' logs.
     */
    void write(Transactions.Tx t, SystemLine line, long seq, List<String> recipients);
}
