package dev.parley.conversation;

import java.time.Instant;
import java.util.List;

/**
 * A conversation as one member sees it. {@code notice} is what the client shows at the top of the
 * conversation, or null: a person writing to a business is told that its team and its bots read it.
 * {@code muted} says whether the viewer's notifications for it are muted now; {@code mutedUntil} is
 * {@value #FOREVER}, the time the mute ends, or null. {@code pinned}, {@code archived},
 * {@code markedUnread} and {@code clearedSeq} are the viewer's own actions ({@link MemberState}):
 * messages up to {@code clearedSeq} were deleted for the viewer.
 */
public record ConversationView(String id, String kind, String title, List<MemberView> members, Object lastMessage,
                               long unreadCount, long lastSeq, long readSeq, String folder, boolean muted,
                               Instant updatedAt, Notice notice, String mutedUntil,
                               String addedBy, boolean pinned, boolean archived,
                               boolean markedUnread, Long clearedSeq) {
    /** {@code muted_until}'s spelling of "muted for ever". */
    public static final String FOREVER = "forever";
    /** The name shown for a member who blocked the viewer. */
    public static final String BLOCKED_NAME = dev.parley.account.Account.HIDDEN_NAME;

    /** @param code stable, for clients that word it themselves: {@code business_reads} */
    public record Notice(String code, String text) {}

    /**
     * A member as the viewer sees them; {@code readSeq} is null unless both share read receipts
     * (and neither blocked the other), or it is the viewer.
     */
    public record MemberView(String id, String handle, String displayName, String kind, boolean verified,
                             String role, Long readSeq) {}
}
