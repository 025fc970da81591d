package dev.parley.notify;

import java.time.Instant;

/**
 * The one notification decision's verdict: {@code accountId} should be told about
 * {@code conversationId}, where {@code messageId} is the newest message the decision looked at.
 * Sinks (the app events feed, Web Push) receive it at least once: a restart may repeat a verdict,
 * so a sink drops repeats by ({@code accountId}, {@code conversationId}, {@code messageId}).
 *
 * @param kind {@link #MESSAGE} or {@link #REQUEST} (a message request: shown without its text)
 * @param unread the account's unread count in this conversation when decided
 * @param totalUnread the account's unread count over all its conversations when decided
 * @param senderId the account that wrote the newest message
 * @param showText whether the account allows the text to appear in a notification
 * @param actingFor null when the account is told as a member of the conversation; else the
 *                  business whose customer conversation is assigned to the account, an agent who
 *                  is no member (kind {@link #ASSIGNED}, or {@link #MESSAGE} for the customer's
 *                  message). Such a verdict is read as the business and opens the conversation
 *                  acting for it; the app events feed leaves it out (its events are per member).
 */
public record NotificationNeeded(
        String accountId,
        String conversationId,
        String messageId,
        String kind,
        long unread,
        long totalUnread,
        String senderId,
        boolean showText,
        Instant at,
        String actingFor) {

    /** A member's verdict. */
    public NotificationNeeded(String accountId, String conversationId, String messageId, String kind, long unread,
                              long totalUnread, String senderId, boolean showText, Instant at) {
        this(accountId, conversationId, messageId, kind, unread, totalUnread, senderId, showText, at, null);
    }

    public static final String MESSAGE = "message";
    public static final String REQUEST = "request";
    /** A business's customer conversation newly assigned to the account, an agent. */
    public static final String ASSIGNED = "assigned";
}
