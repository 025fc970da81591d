package dev.parley.delivery;

import io.javalin.websocket.WsContext;

/**
 * One open socket. {@code logAccountId} is whose events it receives (the person, or the business
 * an agent works for); {@code lastToken} is the last one sent, touched only on the account's
 * delivery thread, which is what keeps each socket's events in token order.
 */
final class StreamSession {
    final WsContext ws;
    final String logAccountId;
    final String personId;
    final boolean bot;
    long lastToken = -1;
    volatile boolean open = true;

    StreamSession(WsContext ws, String logAccountId, String personId, boolean bot) {
        this.ws = ws;
        this.bot = bot;
        this.logAccountId = logAccountId;
        this.personId = personId;
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
}
