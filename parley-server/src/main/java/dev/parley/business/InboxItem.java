package dev.parley.business;

import dev.parley.account.Views;
import java.time.Instant;
import java.util.List;

/**
 * A conversation as the business's agents see it in the shared inbox: who the customer is, its
 * status, who has it, its labels, what triage said of the latest customer message, and the last
 * message (with the agent who wrote it, when the business did).
 *
 * @param urgent true while labelled a complaint: urgent conversations come first
 * @param triage null until triage labelled a message of this conversation
 * @param bot    the FAQ bot is handling it: nobody is assigned until it hands over
 * @param intake {@code pending} while the latest messages are still being taken in (assignment
 *               and labels may yet change), else {@code done}
 * @param snoozedUntil out of the open view until then (or until the customer writes); null when not snoozed
 */
public record InboxItem(String conversationId, Customer customer, String status, Views.Brief assignee,
                        List<String> labels, boolean urgent, TriageView triage, Object lastMessage, long unreadCount,
                        Instant lastActivityAt, Instant createdAt, boolean bot, String intake,
                        Instant snoozedUntil) {
    public static final String INTAKE_PENDING = "pending";
    public static final String INTAKE_DONE = "done";

    /**
     * The customer's profile as the business sees it; {@code first_name} is what templates call them;
     * {@code channel} the network and username of a customer who writes through a channel (else null).
     */
    public record Customer(String id, String handle, String displayName, String preferredName, String firstName,
                           String kind, boolean verified, CustomerChannels.Channel channel) {}

    /** @param correctedLabel what an agent said instead, if anyone corrected it */
    public record TriageView(String messageId, String label, double score, String correctedLabel) {}
}
