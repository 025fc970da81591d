package dev.parley.conversation;

import java.time.Instant;

/**
 * One account's place in a conversation.
 *
 * @param folder  {@code inbox}, {@code requests} (a message request not yet answered) or
 *                {@code declined} (the request was declined: the account no longer sees it)
 * @param readSeq the newest message this account has read; it never moves back
 */
public record Member(String conversationId, String accountId, String role, String folder, long readSeq,
                     boolean muted, Instant joinedAt) {
    public static final String ADMIN = "admin";
    public static final String MEMBER = "member";
    public static final String INBOX = "inbox";
    public static final String REQUESTS = "requests";
    public static final String DECLINED = "declined";

    /** Declined requests are invisible to the one who declined them. */
    public boolean sees() {
        return !DECLINED.equals(folder);
    }
}
