package dev.parley.business;

/**
 * Whether a customer's message answers the business's satisfaction question ("5", "4/5 quick and
 * friendly"): the intake then neither reopens the resolved conversation nor takes the message for
 * a new request. Satisfaction answers it; the inbox asks, so that the business package does not
 * depend on the satisfaction package.
 */
@FunctionalInterface
public interface RatingReplies {
    boolean answers(String conversationId, String customerId, long seq, String text);
}
