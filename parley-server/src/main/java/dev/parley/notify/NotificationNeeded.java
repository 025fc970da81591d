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
        Instant at) {

    public static final String MESSAGE = "message";
    public static final String REQUEST = "request";
}
