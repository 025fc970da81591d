package dev.parley.automation;

import dev.parley.message.AuthorKind;
import dev.parley.message.Message;
import java.util.List;

/**
 * Whether the customer was just told a bot is speaking: the bot says so once in its stretch of the
 * chat, so a hand-off names the bot only when none of its messages since a person last wrote did
 * (before, the first reply and the hand-off two messages later both opened with the disclosure).
 * After an agent wrote and gave the chat back, the hand-off says it again: the customer learns that
 * a bot, not the person they last read, is handing them on.
 */
final class Disclosure {
    /** How far back the stretch is read: past that many messages the customer is told again. */
    static final int LOOK_BACK = 50;

    private Disclosure() {}

    /**
     * @param newestFirst the conversation's latest messages, newest first (replies to a customer's earlier
     *                    messages of the same burst included)
     * @param intro       the disclosure as the bot renders it for this business
     */
    static boolean alreadyMade(List<Message> newestFirst, String businessId, String intro) {
        for (Message m : newestFirst) {
            if (m.authorKind() == AuthorKind.AGENT) {
                return false;
            }
            if (m.authorKind() == AuthorKind.BOT && m.senderId().equals(businessId) && m.text().contains(intro)) {
                return true;
            }
        }
        return false;
    }
}
