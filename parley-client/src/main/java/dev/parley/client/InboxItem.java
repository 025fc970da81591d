package dev.parley.client;

import java.time.Instant;
import java.util.List;

/**
 * A customer conversation as the business's agents see it in the shared inbox.
 *
 * @param status   open, pending or resolved
 * @param assignee the agent who has it, or null
 * @param labels   triage's and agents' labels: question, complaint, praise, spam, or the team's own
 * @param urgent   labelled a complaint (and not spam): it comes first
 * @param triage   what triage said of the latest customer message, or null
 * @param bot      the business's FAQ bot is handling it: nobody is assigned until it hands over
 * @param intake   {@code pending} while its latest messages are still being taken in, else {@code done}
 * @param snoozedUntil out of the open view until then (or until the customer writes), or null
 */
public record InboxItem(String conversationId, Customer customer, String status, AccountBrief assignee,
                        List<String> labels, boolean urgent, Triage triage, Message lastMessage, long unreadCount,
                        Instant lastActivityAt, Instant createdAt, boolean bot, String intake, Instant snoozedUntil) {

    public static final String OPEN = "open";
    public static final String PENDING = "pending";
    public static final String RESOLVED = "resolved";
    /** Views of open ones, for {@code inbox(status, …)}: the bot's, and the snoozed. */
    public static final String BOT = "bot";
    public static final String SNOOZED = "snoozed";

    /** @param firstName what templates call them */
    public record Customer(String id, String handle, String displayName, String preferredName, String firstName,
                           String kind, boolean verified) {}

    /** @param correctedLabel what an agent said instead, if anyone corrected it */
    public record Triage(String messageId, String label, double score, String correctedLabel) {}

    /** A page of the inbox; {@code counts} are open/bot/snoozed/pending/resolved/mine/unassigned. */
    public record Page(List<InboxItem> items, String nextCursor, java.util.Map<String, Long> counts) {}

    /** An internal note: the team sees it, the customer never does. */
    public record Note(String id, String conversationId, String authorId, String authorName, String text,
                       Instant createdAt) {}
}
