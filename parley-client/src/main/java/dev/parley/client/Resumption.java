package dev.parley.client;

import java.io.IOException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One outage of a stream that resumes by itself ({@link ParleyClient.Builder#autoResume}): after
 * {@link StreamClose#GOING_AWAY} or {@link StreamClose#CONNECTION_LOST} it reconnects, to the next
 * node, after the same growing waits with jitter as a call, from the stream's last event token,
 * until a node accepts the socket or the budget is spent.
 *
 * @implNote The listener hears {@link StreamListener#onReconnecting} once the drop is seen and
 * {@link StreamListener#onReconnected} once a node accepted, before the first replayed frame; it
 * hears {@link StreamListener#onClosed} only when this gives up (with the code of the drop), or
 * when a node refuses the socket for good (401 as {@link StreamClose#REVOKED}, 403 as
 * {@link StreamClose#NOT_AN_AGENT}): never a loop on a token that no longer works. Sends made
 * meanwhile wait for the new socket. Attempts run one at a time on the JDK's delayed executor; no
 * thread of its own.
 */
final class Resumption {
    private final Stream stream;
    private final int code;
    private final String reason;
    private final Attempts attempts;
    private final CompletableFuture<WebSocket> reopened = new CompletableFuture<>();
    private volatile boolean cancelled;

    /** @param attempts its first attempt is the socket that just dropped */
    Resumption(Stream stream, int code, String reason, Attempts attempts) {
        this.stream = stream;
        this.code = code;
        this.reason = reason;
        this.attempts = attempts;
    }

    /**
     * The outage after a drop on {@code node}.
     *
     * @param before the outage the dropped socket ended, if it dropped right after opening: this one
     *               goes on with its attempts and budget, so a node that accepts and drops at once is no loop
     */
    static Resumption after(Stream stream, int code, String reason, Resumption before, int node, Duration budget) {
        Transport t = stream.transport();
        Attempts attempts = before != null ? before.attempts
                : new Attempts(t.endpoints(), t.limits().backoff().lasting(budget), Integer.MAX_VALUE, node);
        return new Resumption(stream, code, reason, attempts);
    }

    void start() {
        stream.holdSends(reopened);
        stream.listener().onReconnecting(code, reason);
        next(reason);
    }

    /** A node accepted the socket (called before its first frame is asked for). */
    void reopened(WebSocket socket) {
        stream.listener().onReconnected();
        reopened.complete(socket);
    }

    /** The stream was closed while reconnecting: no more attempts. */
    void cancel() {
        cancelled = true;
        reopened.completeExceptionally(new CancellationException("closed while reconnecting"));
    }

    /** The attempt on {@code attempts.node()} failed (first, the socket that dropped): schedules the next, or gives up. */
    private void next(String why) {
        if (cancelled) {
            return;
        }
        OptionalLong wait = attempts.failed(why, Duration.ZERO);
        if (wait.isEmpty()) {
            giveUp(code, reason + "; gave up reconnecting: " + attempts.summary());
            return;
        }
        CompletableFuture.supplyAsync(() -> stream.transport().token(),
                        CompletableFuture.delayedExecutor(wait.getAsLong(), TimeUnit.MILLISECONDS))
                .thenCompose(token -> cancelled || stream.closing()
                        ? CompletableFuture.<WebSocket>failedFuture(new CancellationException())
                        : stream.connect(token, false, attempts.node(), this))
                .whenComplete((socket, error) -> {
                    if (error != null) {
                        failedAttempt(Attempts.unwrap(error));
                    }
                });
    }

    private void failedAttempt(Throwable cause) {
        if (cancelled || cause instanceof CancellationException) {
            return;
        }
        if (!(cause instanceof WebSocketHandshakeException h)) {
            next(Attempts.why(cause));
            return;
        }
        int status = h.getResponse().statusCode();
        String refused = "; the node refused to reopen the stream (" + status + ")";
        switch (status) {
            case 401 -> giveUp(StreamClose.REVOKED, reason + refused);
            case 403 -> giveUp(StreamClose.NOT_AN_AGENT, reason + refused);
            default -> {
                if (status == 429 || status >= 500) {
                    next("refused (" + status + ")");
                } else {
                    giveUp(code, reason + refused);
                }
            }
        }
    }

    private void giveUp(int finalCode, String why) {
        cancelled = true;
        stream.ended(finalCode, why);
        reopened.completeExceptionally(new IOException(why));
    }
}
