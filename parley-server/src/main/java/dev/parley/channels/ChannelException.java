package dev.parley.channels;

import java.time.Duration;

/** A network refused or failed a call; {@link #error} says what it means for Parley. */
public final class ChannelException extends Exception {
    public final ChannelError error;
    /** For {@link ChannelError#RATE_LIMITED}: how long the network asks to wait, or null. */
    public final Duration retryAfter;
    /** The network's own code, kept for the log and the channel's state, never shown as the reason. */
    public final String networkCode;

    public ChannelException(ChannelError error, String networkCode, Duration retryAfter, String message) {
        super(message);
        this.error = error;
        this.networkCode = networkCode;
        this.retryAfter = retryAfter;
    }
}
