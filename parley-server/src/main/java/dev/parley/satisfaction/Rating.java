package dev.parley.satisfaction;

import java.time.Instant;

/**
 * One satisfaction question asked of a customer after a resolution, and their answer once given.
 *
 * @param requestSeq the customer's last message when the conversation was resolved: the request
 *                   asked about (resolving again with nothing new from the customer asks nothing)
 * @param agentId    whom the conversation was assigned to when resolved, else who resolved it; null if neither
 * @param score      1 to 5, null until answered
 */
public record Rating(String conversationId, long requestSeq, String businessId, String customerId, String agentId,
                     String messageId, Instant askedAt, Integer score, String comment, Instant ratedAt) {
    public boolean answered() {
        return score != null;
    }
}
