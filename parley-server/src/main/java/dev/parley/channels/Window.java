package dev.parley.channels;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether a business may reply now, by a network's {@link ReplyPolicy}: the window counts from
 * the customer's last message (echoes, reads and reactions do not move it). Meta: 24 hours;
 * after that, up to 7 days only a person's reply, only with the HUMAN_AGENT tag and only where the
 * business says its app is approved for it. A network without a window (X) is always open.
 */
public final class Window {
    private Window() {}

    /** What the window allows a reply now. */
    public enum Verdict {
        /** Inside the standard window: an ordinary response. */
        OPEN,
        /** Outside it, but a person's reply may go with the HUMAN_AGENT tag. */
        HUMAN_AGENT,
        /** Refused before trying: {@code channel_window_closed}. */
        CLOSED
    }

    /**
     * @param lastInbound the customer's last message, or null when they never wrote (a business
     *                    cannot write first on a network with a window)
     */
    public static Verdict decide(ReplyPolicy policy, Instant lastInbound, Instant now, boolean byPerson,
                                 boolean humanAgentApproved) {
        if (policy.window() == null) {
            return Verdict.OPEN;
        }
        if (lastInbound == null) {
            return Verdict.CLOSED;
        }
        Duration since = Duration.between(lastInbound, now);
        if (since.compareTo(policy.window()) <= 0) {
            return Verdict.OPEN;
        }
        Duration tagged = policy.humanAgentWindow();
        if (tagged != null && byPerson && humanAgentApproved && since.compareTo(tagged) <= 0) {
            return Verdict.HUMAN_AGENT;
        }
        return Verdict.CLOSED;
    }
}
