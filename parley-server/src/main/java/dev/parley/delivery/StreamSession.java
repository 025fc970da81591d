package dev.parley.delivery;

import io.javalin.websocket.WsContext;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
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

        /** Sends a frame that may wait in the socket's buffer until {@link #flush()}. */
        default void sendBatched(String frame) {
            send(frame);
        }

        /** Writes what {@link #sendBatched} left in the socket's buffer. */
        default void flush() {}

        void close(int code, String reason);

        static Peer of(WsContext ws) {
            // Jetty's session: its core takes a frame "batched" (kept until a flush), which the
            // WebSocket API above it does not offer.
            CoreSession core = ws.session instanceof WebSocketSession w ? w.getCoreSession() : null;
            return new Peer() {
                @Override
                public void send(String frame) {
                    ws.send(frame);
                }

                @Override
                public void sendBatched(String frame) {
                    if (core == null) {
                        ws.send(frame);
                    } else {
                        core.sendFrame(new Frame(OpCode.TEXT, frame), Callback.NOOP, true);
                    }
                }

                @Override
                public void flush() {
                    if (core != null) {
                        core.flush(Callback.NOOP);
                    }
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

    /**
     * Sends a frame. On a delivery thread it is batched: written with the socket's other frames
     * when that thread flushes ({@link Stripe}); on any other thread, at once.
     */
    void send(String frame) {
        if (!open) {
            return;
        }
        try {
            Stripe stripe = Stripe.current();
            if (stripe == null) {
                peer.send(frame);
            } else {
                peer.sendBatched(frame);
                stripe.unflushed(this);
            }
        } catch (RuntimeException e) {
            open = false; // the peer went away; onClose unregisters it
        }
    }

    /** Writes the frames batched for it (a socket that went away has nothing to write). */
    void flush() {
        try {
            peer.flush();
        } catch (RuntimeException e) {
            open = false;
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
