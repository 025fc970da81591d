package dev.parley.channels;

import java.time.Duration;

/** A network refused or failed a call; {@link #error} says what it means for Parley. */
public final class ChannelException extends Exception {
    public final ChannelError error;
    /** For {@link ChannelError#RATE_LIMITED}: how long the network asks to wait, or null. */
    public final Duration retryAfter;
    /** The network's own code, kept for the log and the channel's state, never shown as the reason. */
    public final String networkCode;
    /**
     * The longest wait a network's answer is taken at: the wait is the network's word (a header), and a
     * "Retry-After: 99999999999" would otherwise park the reply for ever or overflow the clock.
     */
    static final Duration LONGEST_WAIT = Duration.ofHours(1);

    public ChannelException(ChannelError error, String networkCode, Duration retryAfter, String message) {
        super(message);
        this.error = error;
        this.networkCode = networkCode;
        this.retryAfter = retryAfter == null ? null : retryAfter.isNegative() ? Duration.ZERO
                : retryAfter.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : retryAfter;
    }
}
