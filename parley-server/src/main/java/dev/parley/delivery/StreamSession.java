package dev.parley.delivery;

import io.javalin.websocket.WsContext;
import java.time.Instant;

/**
 * One open socket. {@code logAccountId} is whose events it receives (the person, or the business
 * an agent works for); {@code lastToken} is the last one sent, touched only on the account's
 * delivery thread, which is what keeps each socket's events in token order. {@code tokenHash} and
 * {@code issuedAt} are the credential it was opened with (directly or through a ticket), which a
 * revocation matches against; {@code revoked} is set before it closes, so a frame already queued
 * is dropped without a store read.
 */
final class StreamSession {
    /** The socket's far end as the registry needs it; a test stands in for Jetty's. */
    interface Peer {
        void send(String frame);

        void close(int code, String reason);

        static Peer of(WsContext ws) {
            return new Peer() {
                @Override
                public void send(String frame) {
                    ws.send(frame);
                }

                @Override
                public void close(int code, String reason) {
                    ws.closeSession(code, reason);
                }
            };
        }
    }

    final Peer peer;
    final String id;
    final String logAccountId;
    final String personId;
    final boolean bot;
    final String tokenHash;
    /** When its token was issued; {@link Instant#MIN} when unknown (a bot's), so "issued before" matches it. */
    final Instant issuedAt;
    /** When its token stops working, if it ever does: the socket closes then with 4440. */
    final java.util.Optional<Instant> expiresAt;
    long lastToken = -1;
    volatile boolean open = true;
    volatile boolean revoked;
    /** Whether its client shows it (its {@code visibility} frames); counted by {@link Visibility}. */
    volatile boolean visible;

    StreamSession(Peer peer, String id, String logAccountId, String personId, boolean bot, String tokenHash,
                  Instant issuedAt, java.util.Optional<Instant> expiresAt) {
        this.peer = peer;
        this.expiresAt = expiresAt;
        this.id = id;
        this.bot = bot;
        this.logAccountId = logAccountId;
        this.personId = personId;
        this.tokenHash = tokenHash;
        this.issuedAt = issuedAt;
    }

    void send(String frame) {
        if (!open) {
            return;
        }
        try {
            peer.send(frame);
        } catch (RuntimeException e) {
            open = false; // the peer went away; onClose unregisters it
        }
    }

    /** Stops acting on it at once (flag first, so a frame queued behind this is not acted on), then closes it. */
    void end(int code, String reason) {
        revoked = true;
        open = false;
        try {
            peer.close(code, reason);
        } catch (RuntimeException e) {
            // already gone
        }
    }
}
