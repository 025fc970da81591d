package dev.parley.client;

/**
 * The close codes the server ends a {@link Stream} with, and what a client should do about each.
 * A client that reconnects on its own must never do so after {@link #REVOKED} or
 * {@link #OVER_CAP}: the first means the token no longer works, the second that another of the
 * account's devices took this one's place (reconnecting would push that one out in turn).
 */
public final class StreamClose {
    private StreamClose() {}

    /** The node is shutting down: reconnect (to another node) from {@link Stream#lastToken()}. */
    public static final int GOING_AWAY = 1001;
    /**
     * The connection was lost without a close frame (the node died, the network dropped). The
     * server never sends it; the client reports it. Reconnect from {@link Stream#lastToken()}.
     */
    public static final int CONNECTION_LOST = 1006;
    /** Access revoked (signed out, password changed, account suspended): do not reconnect; sign in again. */
    public static final int REVOKED = 4401;
    /** No longer an agent of the business the stream acted for: do not reconnect with it. */
    public static final int NOT_AN_AGENT = 4403;
    /** {@code since} is older than the server keeps: resync from scratch, then reconnect. */
    public static final int SYNC_RESET = 4410;
    /** Closed as the oldest over the account's socket cap: do not reconnect by itself. */
    public static final int OVER_CAP = 4429;
    /**
     * The token expired: get a fresh token once, then reconnect with it. A stream whose client has a
     * token provider does this itself, so its listener hears 4440 only when the fresh token failed too.
     */
    public static final int TOKEN_EXPIRED = 4440;

    /**
     * Whether a stream built with {@link ParleyClient.Builder#autoResume} reconnects by itself after
     * this close: {@link #GOING_AWAY} and {@link #CONNECTION_LOST} only. {@link #SYNC_RESET} needs
     * the app to reload first, and the others say not to reconnect (or, 4440, need a fresh token).
     */
    public static boolean resumable(int code) {
        return code == GOING_AWAY || code == CONNECTION_LOST;
    }

    /** Whether reconnecting as before (same token, same query) can work after this close. */
    public static boolean mayReconnect(int code) {
        return code != REVOKED && code != NOT_AN_AGENT && code != OVER_CAP && code != TOKEN_EXPIRED;
    }
}
