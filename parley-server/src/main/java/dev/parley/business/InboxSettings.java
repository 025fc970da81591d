package dev.parley.business;

/**
 * A business's rules for its inbox.
 *
 * @param autoAssign a conversation that opens with nobody on it goes to the next online agent
 * @param agentCap   automatic assignment gives an agent at most this many open conversations
 *                   (an agent may still take more by hand)
 */
public record InboxSettings(boolean autoAssign, int agentCap) {
    public static final InboxSettings DEFAULTS = new InboxSettings(true, 10);
    public static final int MAX_CAP = 1000;
}
