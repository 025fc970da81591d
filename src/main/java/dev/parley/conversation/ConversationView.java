package dev.parley.conversation;

import java.time.Instant;
import java.util.List;

/** A conversation as one member sees it. */
public record ConversationView(String id, String kind, String title, List<MemberView> members, Object lastMessage,
                               long unreadCount, long lastSeq, long readSeq, String folder, boolean muted,
                               Instant updatedAt) {

    /**
     * A member as the viewer sees them; {@code readSeq} is null unless both share read receipts
     * (and neither blocked the other), or it is the viewer.
     */
    public record MemberView(String id, String handle, String displayName, String kind, boolean verified,
                             String role, Long readSeq) {}
}
