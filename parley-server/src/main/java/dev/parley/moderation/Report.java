package dev.parley.moderation;

import java.time.Instant;
import java.util.List;

/**
 * One report as stored.
 *
 * @param reporterId        the account that reported (a business, when an agent reported for it)
 * @param agentId           the agent who reported for a business, else null
 * @param reportedAccountId whom the report is about (the author of a message, the account, the
 *                          other member of a direct conversation); null for a group conversation
 * @param snapshot          a reported message and the 10 before it, oldest first, as they were
 */
public record Report(String id, String reporterId, String agentId, String targetKind, String targetId,
                     String reportedAccountId, String conversationId, String messageId, String category, String note,
                     String status, Instant createdAt, List<Snapshot> snapshot) {
    public static final String OPEN = "open";
    public static final String REVIEWED = "reviewed";

    public static final List<String> CATEGORIES =
            List.of("spam", "harassment", "hate", "sexual_content", "impersonation", "self_harm", "other");

    /** One message as it was when reported. */
    public record Snapshot(String messageId, String authorId, String authorKind, String text, Instant sentAt) {}

    public Report withSnapshot(List<Snapshot> s) {
        return new Report(id, reporterId, agentId, targetKind, targetId, reportedAccountId, conversationId, messageId,
                category, note, status, createdAt, s);
    }
}
