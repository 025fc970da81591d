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
    final WsContext ws;
    final String id;
    final String logAccountId;
    final String personId;
    final boolean bot;
    final String tokenHash;
    /** When its token was issued; {@link Instant#MIN} when unknown (a bot's), so "issued before" matches it. */
    final Instant issuedAt;
    long lastToken = -1;
    volatile boolean open = true;
    volatile boolean revoked;

    StreamSession(WsContext ws, String id, String logAccountId, String personId, boolean bot, String tokenHash,
                  Instant issuedAt) {
        this.ws = ws;
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
            ws.send(frame);
        } catch (RuntimeException e) {
            open = false; // the peer went away; onClose unregisters it
        }
    }

    /** Stops acting on it at once (flag first, so a frame queued behind this is not acted on), then closes it. */
    void end(int code, String reason) {
        revoked = true;
        open = false;
        try {
            ws.closeSession(code, reason);
        } catch (RuntimeException e) {
            // already gone
        }
    }
}
