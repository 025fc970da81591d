package dev.parley.policy;

import java.time.Instant;
import java.util.Optional;

/** What the business rules need to know, implemented by the business feature. */
public interface BusinessFacts {
    /** When the customer last wrote in the conversation. */
    Optional<Instant> lastMessageFrom(String conversationId, String customerId);

    /** Whether the customer has an active opt-in to the business's promotional messages. */
    boolean consented(String businessId, String customerId);

    int promotionsSince(String businessId, String customerId, Instant since);

    int outreachSince(String businessId, Instant since);

    /** Other recipients who got a first message with this fingerprint from the business since then. */
    int recipientsWithFingerprintSince(String businessId, String fingerprint, String excludingRecipient, Instant since);
}
