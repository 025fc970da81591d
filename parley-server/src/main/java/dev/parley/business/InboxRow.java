package dev.parley.business;

import java.time.Instant;
import java.util.List;

/**
 * A business's conversation with one customer, as its shared inbox keeps it.
 *
 * @param statusSeq    the conversation's last seq when an agent last set the status: only a
 *                     customer message after it reopens the conversation
 * @param priority     1 while the conversation is labelled a complaint (complaints sort first)
 * @param processedSeq the intake has taken in every message up to here (reopening, triage, assignment)
 * @param bot          the FAQ bot is handling it: nobody is assigned until it hands over
 * @param snoozedUntil out of the open view until then, or until the customer writes; null when not snoozed
 */
public record InboxRow(String businessId, String conversationId, String customerId, String status, long statusSeq,
                       String assigneeId, int priority, long processedSeq, Instant lastActivityAt,
                       Instant createdAt, boolean bot, Instant snoozedUntil) {
    public static final String OPEN = "open";
    public static final String PENDING = "pending";
    public static final String RESOLVED = "resolved";
    public static final List<String> STATUSES = List.of(OPEN, PENDING, RESOLVED);
    /** Not a status but a view: open conversations the FAQ bot is handling (the open view leaves them out). */
    public static final String BOT = "bot";
    /** A view too: open ones snoozed until later (the open view leaves them out until then). */
    public static final String SNOOZED = "snoozed";

    /** Labelled spam: an agent said it is not a real customer (the response figures leave it out). */
    public static final String SPAM = "spam";

    /** A complaint comes first in the inbox, unless it is spam. */
    public static boolean urgent(java.util.Collection<String> labels) {
        return labels.contains(Triage.COMPLAINT) && !labels.contains(SPAM);
    }

    public InboxRow withStatus(String s, long seq) {
        return new InboxRow(businessId, conversationId, customerId, s, seq, assigneeId, priority, processedSeq,
                lastActivityAt, createdAt, bot, snoozedUntil);
    }

    public InboxRow withAssignee(String a) {
        return new InboxRow(businessId, conversationId, customerId, status, statusSeq, a, priority, processedSeq,
                lastActivityAt, createdAt, bot, snoozedUntil);
    }

    public InboxRow withPriority(int p) {
        return new InboxRow(businessId, conversationId, customerId, status, statusSeq, assigneeId, p, processedSeq,
                lastActivityAt, createdAt, bot, snoozedUntil);
    }

    /** Marks the bot as handling it (or not); a conversation the bot has is nobody's. */
    public InboxRow withBot(boolean b) {
        return new InboxRow(businessId, conversationId, customerId, status, statusSeq, b ? null : assigneeId, priority,
                processedSeq, lastActivityAt, createdAt, b, snoozedUntil);
    }

    /** @param until null to wake it */
    public InboxRow snoozed(Instant until) {
        return new InboxRow(businessId, conversationId, customerId, status, statusSeq, assigneeId, priority,
                processedSeq, lastActivityAt, createdAt, bot, until);
    }

    public InboxRow processed(long seq, Instant activity) {
        Instant last = activity.isAfter(lastActivityAt) ? activity : lastActivityAt;
        return new InboxRow(businessId, conversationId, customerId, status, statusSeq, assigneeId, priority, seq,
                last, createdAt, bot, snoozedUntil);
    }
}
