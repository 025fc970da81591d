package dev.parley.channels;

/** What a network's error means for Parley, mapped from the network's codes (never its text). */
public enum ChannelError {
    /** Outside the network's reply window (Meta: 24 h, or 7 days with HUMAN_AGENT). */
    WINDOW_CLOSED("channel_window_closed", false),
    /** The person cannot receive it: blocked the business, settings, account gone. */
    RECIPIENT_UNAVAILABLE("channel_recipient_unavailable", false),
    /** The token expired or was revoked: the business must re-connect; the channel's state says so. */
    RECONNECT_NEEDED("channel_reconnect_needed", false),
    /** Too many calls: back off (Retry-After when given) and try again. */
    RATE_LIMITED("channel_rate_limited", true),
    /** The network refused this message itself (too big, bad type): trying again will not help. */
    REFUSED("channel_refused", false),
    /** The network cannot edit a message the business sent: the customer keeps it as sent. */
    CANNOT_EDIT("channel_cannot_edit", false),
    /** The network cannot take back a message the business sent: the customer keeps it. */
    CANNOT_UNSEND("channel_cannot_unsend", false),
    /** A network or server failure: try again later. */
    TEMPORARY("channel_unavailable", true);

    /** The stable code Parley shows (API problems, the message's failure state). */
    public final String code;
    public final boolean retry;

    ChannelError(String code, boolean retry) {
        this.code = code;
        this.retry = retry;
    }
}
