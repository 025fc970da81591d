package dev.parley.client;

import java.util.Optional;

/**
 * What a {@link Stream} hears. Override the frames you care about; the rest are ignored.
 *
 * <p>Calls come one at a time, in the order the server sent the frames, on a thread of the
 * client's HTTP stack: return quickly (hand work to your own executor), since the next frame
 * waits. A listener that throws closes the stream ({@link #onClosed} with 1011).
 */
public interface StreamListener {
    /** An event of the account's log, in token order; the stream remembers its token. */
    default void onEvent(Event event) {}

    /** Someone is typing in a conversation (ephemeral: never stored, never synced). */
    default void onTyping(String conversationId, String accountId) {}

    /** A contact came online or went offline. */
    default void onPresence(String accountId, boolean online) {}

    /**
     * A contact (or this account, on another device) changed name, handle or picture: fetch their profile again
     * ({@link ParleyClient#profile}) rather than showing the old one until the next load.
     */
    default void onProfileChanged(String accountId) {}

    /** The server stored a message sent over this stream. It also arrives as a message.created event. */
    default void onSent(String clientId, Message message) {}

    /**
     * The server refused a frame (then {@code clientId} names the send it answers) or the stream
     * itself ({@code sync_reset}, followed by a close with 4410: reload, then reconnect from
     * {@code problem.field("next")}).
     */
    default void onError(Optional<String> clientId, ParleyException problem) {}

    /**
     * The stream ended: 1000 by us, 1001 the server is going away (reconnect), 4410 sync reset,
     * 4403 no longer an agent of the business (do not reconnect), 4401 access revoked (do not
     * reconnect), 4429 closed as the oldest over the account's socket cap (do not reconnect by
     * itself), 4440 token expired (get a fresh token, then reconnect; with a token provider the stream
     * already tried that once and the fresh token failed too), 1006 the connection was
     * lost. {@link StreamClose#mayReconnect} tells which allow reconnecting as before. A stream that
     * resumes by itself ({@link ParleyClient.Builder#autoResume}) reports 1001 and 1006 here only
     * once it gave up reconnecting; the reason then says what each node answered.
     */
    default void onClosed(int code, String reason) {}

    /**
     * The socket dropped (1001 or 1006, and the reason) and the stream, built to resume by itself,
     * is reconnecting to the next node; sends wait meanwhile. Show "reconnecting…" if you like.
     */
    default void onReconnecting(int code, String reason) {}

    /**
     * A node accepted the stream again: the events missed meanwhile follow, from the last one
     * delivered, with no gap and no duplicate.
     */
    default void onReconnected() {}
}
