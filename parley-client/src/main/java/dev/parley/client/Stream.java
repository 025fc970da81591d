package dev.parley.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * A live connection to {@code /api/v1/stream}: the account's events as they happen, typing and
 * presence, and a way to send messages, typing signals and read pointers without an HTTP request
 * each. Open one with {@link ActingClient#stream}.
 *
 * <p>Promises: frames reach the {@link StreamListener} one at a time in the server's order; events
 * come in token order with no gap and no duplicate, replaying from {@code since} first.
 * {@link #lastToken()} is the token of the last event delivered, so after a drop,
 * {@code client.stream(old.lastToken(), listener)} resumes exactly where this one stopped.
 * Sending is thread-safe; frames go out in the order the calls were made.
 *
 * <p>When the token expires ({@link StreamClose#TOKEN_EXPIRED}) and the client was built with a
 * {@link ParleyClient.Builder#tokenProvider token provider}, the stream asks it once for a fresh
 * token and reconnects from {@link #lastToken()} by itself (the listener hears no close); if that
 * token fails too, the stream ends with 4440. Without a provider 4440 simply ends it.
 *
 * <p>With {@link ParleyClient.Builder#autoResume} it also reconnects by itself after
 * {@link StreamClose#GOING_AWAY} and {@link StreamClose#CONNECTION_LOST}, to the next node, with
 * backoff, from {@link #lastToken()}: see {@link Resumption}. It never does so after a code the
 * server says not to reconnect after.
 */
public final class Stream implements AutoCloseable {
    /**
     * A socket opened with a fresh token that expires sooner than this after opening means the
     * provider's tokens do not last: the stream ends instead of asking again.
     */
    private static final long RIGHT_AWAY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Transport transport;
    private final UnaryOperator<String> pathFrom;
    private final StreamListener listener;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Object sendLock = new Object();
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
    private volatile WebSocket ws;
    private volatile String lastToken;
    private volatile int closeCode = -1;
    /** The socket whose frames count; an earlier one's late callbacks are ignored. */
    private volatile Receiver current;
    /** Set by {@link #close}: a token expiring (or a node going) while we close is not a reason to reconnect. */
    private volatile boolean closing;
    /** Between a drop and the next socket, when the stream resumes by itself; null otherwise. */
    private volatile Resumption resuming;

    private Stream(Transport transport, UnaryOperator<String> pathFrom, StreamListener listener, String since) {
        this.transport = transport;
        this.pathFrom = pathFrom;
        this.listener = listener;
        this.lastToken = since;
    }

    /**
     * Opens the socket; returns once a node accepted it. A node that cannot be reached (or answers
     * 503) is followed by the next, as a call's would be.
     *
     * @param pathFrom the path and query that resume after a given event token (null: from now)
     */
    static Stream open(Transport t, UnaryOperator<String> pathFrom, String since, StreamListener listener) {
        Stream s = new Stream(t, pathFrom, listener, since);
        Attempts attempts = t.attempts();
        while (true) {
            CompletableFuture<WebSocket> opening = s.connect(t.token(), false, attempts.node(), null);
            String why;
            Throwable cause;
            try {
                s.ws = opening.get(t.timeout().toMillis(), TimeUnit.MILLISECONDS);
                return s;
            } catch (ExecutionException e) {
                cause = e.getCause();
                if (cause instanceof WebSocketHandshakeException h && h.getResponse().statusCode() != 503) {
                    throw ParleyException.fromUpgrade(h.getResponse().statusCode());
                }
                why = cause instanceof WebSocketHandshakeException ? "busy (503)" : Attempts.why(cause);
            } catch (TimeoutException e) {
                opening.cancel(true);
                cause = e;
                why = "did not open within " + t.timeout().toMillis() + " ms";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new java.io.InterruptedIOException("interrupted while opening the stream"));
            }
            s.current = null; // should this attempt's socket open after all, it is aborted
            if (!attempts.awaitNext(why, java.time.Duration.ZERO)) {
                throw new UncheckedIOException("could not open the stream: " + attempts.summary(),
                        cause instanceof java.io.IOException io ? io : new java.io.IOException(cause));
            }
        }
    }

    /**
     * One socket to a node from {@link #lastToken}, so a reconnect replays exactly what the last
     * socket missed.
     *
     * @param resumption the outage this socket ends, if it is one
     */
    CompletableFuture<WebSocket> connect(String token, boolean refreshed, int node, Resumption resumption) {
        WebSocket.Builder b = transport.http().newWebSocketBuilder().connectTimeout(transport.timeout());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        Receiver r = new Receiver(refreshed, node, resumption);
        current = r;
        return b.buildAsync(transport.webSocket(node, pathFrom.apply(lastToken)), r);
    }

    Transport transport() {
        return transport;
    }

    StreamListener listener() {
        return listener;
    }

    boolean closing() {
        return closing;
    }

    /** Sends made from now on wait for {@code next} (the socket that replaces a dropped one). */
    void holdSends(CompletableFuture<WebSocket> next) {
        synchronized (sendLock) {
            tail = tail.exceptionally(e -> null).thenCompose(x -> next);
        }
    }

    /**
     * The socket dropped with a code a stream may resume after: resumes when the client was built
     * to, else reports the close. A socket that dropped right after opening continues the outage
     * before it (its time budget too), so a node that accepts and drops at once is no loop.
     */
    private void dropped(Receiver r, int code, String reason) {
        java.util.Optional<java.time.Duration> budget = transport.limits().autoResume();
        if (closing || budget.isEmpty()) {
            ended(code, reason);
            return;
        }
        Resumption next = Resumption.after(this, code, reason, r.brief() ? r.resumption : null, r.node, budget.get());
        resuming = next;
        next.start();
    }

    /**
     * After {@link StreamClose#TOKEN_EXPIRED}: asks the token provider once and reopens from
     * {@link #lastToken} with its token. Sends made meanwhile wait for the new socket. Without a
     * provider, after a close we asked for, or when the fresh token fails (refused at the upgrade,
     * or itself expired right away), the stream ends with 4440 as the server said: never a loop.
     */
    private void refresh(Receiver expired, String reason) {
        if (closing || !transport.refreshable() || expired.expiredRightAway()) {
            ended(StreamClose.TOKEN_EXPIRED, reason);
            return;
        }
        CompletableFuture<WebSocket> reopened = CompletableFuture.supplyAsync(transport::token)
                .thenCompose(token -> connect(token, true, transport.endpoints().preferred(), null))
                .thenApply(socket -> {
                    ws = socket;
                    return socket;
                });
        holdSends(reopened);
        reopened.whenComplete((socket, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                String why = cause instanceof WebSocketHandshakeException h
                        ? "the fresh token was refused (" + h.getResponse().statusCode() + ")"
                        : "could not reconnect with a fresh token: " + cause;
                ended(StreamClose.TOKEN_EXPIRED, reason + "; " + why);
            }
        });
    }

    /** The token of the last event delivered (or the {@code since} it opened with), if any. */
    public Optional<String> lastToken() {
        return Optional.ofNullable(lastToken);
    }

    /** True until the stream ended; also while it is reconnecting by itself (sends then wait for the new socket). */
    public boolean isOpen() {
        return !closed.isDone();
    }

    /** How the stream ended ({@link StreamClose} names the server's codes); empty while it is open. */
    public java.util.OptionalInt closeCode() {
        return closed.isDone() && closeCode >= 0 ? java.util.OptionalInt.of(closeCode) : java.util.OptionalInt.empty();
    }

    /**
     * Whether opening the stream again as before can work: false after {@link StreamClose#REVOKED},
     * {@link StreamClose#OVER_CAP}, {@link StreamClose#NOT_AN_AGENT} and {@link StreamClose#TOKEN_EXPIRED}.
     */
    public boolean reconnectAllowed() {
        return closeCode().stream().allMatch(StreamClose::mayReconnect);
    }

    /**
     * Sends a message; the answer comes as {@link StreamListener#onSent} or, if refused,
     * {@link StreamListener#onError} with this draft's client id.
     *
     * @return the draft's client id
     */
    public String send(String conversationId, Draft draft) {
        ObjectNode f = frame("send").put("conversation_id", conversationId).put("client_id", draft.clientId())
                .put("text", draft.text());
        if (draft.replyTo() != null) {
            f.put("reply_to", draft.replyTo());
        }
        write(f);
        return draft.clientId();
    }

    public String send(String conversationId, String text) {
        return send(conversationId, Draft.of(text));
    }

    /** "I am typing" to the conversation's other members. */
    public void typing(String conversationId) {
        write(frame("typing").put("conversation_id", conversationId));
    }

    /** Moves the read pointer, as {@link ActingClient#markRead} does. */
    public void read(String conversationId, long seq) {
        write(frame("read").put("conversation_id", conversationId).put("seq", seq));
    }

    /** Closes the socket and waits (briefly) for the server to acknowledge. */
    @Override
    public void close() {
        if (!isOpen()) {
            return;
        }
        closing = true;
        Resumption r = resuming;
        if (r != null) {
            r.cancel();
            ended(WebSocket.NORMAL_CLOSURE, "closed by the client while reconnecting");
            return;
        }
        enqueue(w -> w.sendClose(WebSocket.NORMAL_CLOSURE, "bye"));
        try {
            closed.get(5, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            ws.abort();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ws.abort();
        }
    }

    private static ObjectNode frame(String type) {
        return ClientJson.MAPPER.createObjectNode().put("type", type);
    }

    private void write(ObjectNode frame) {
        if (!isOpen()) {
            throw new IllegalStateException("the stream is closed");
        }
        String json = frame.toString();
        enqueue(w -> w.sendText(json, true));
    }

    /** The JDK allows one outstanding send per socket, so sends are chained in call order. */
    private void enqueue(java.util.function.Function<WebSocket, CompletableFuture<WebSocket>> send) {
        synchronized (sendLock) {
            tail = tail.exceptionally(e -> null).thenCompose(x -> send.apply(ws));
        }
    }

    void ended(int code, String reason) {
        if (closeCode < 0) {
            closeCode = code;
        }
        if (closed.complete(null)) {
            listener.onClosed(code, reason);
        }
    }

    /** Reassembles text frames and hands each to the listener before asking for the next. */
    private final class Receiver implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        /** Opened with a token asked for after an expiry. */
        private final boolean refreshed;
        /** The node it connects to. */
        private final int node;
        /** The outage this socket ends, when the stream resumes by itself; else null. */
        private final Resumption resumption;
        private volatile long openedAt;

        Receiver(boolean refreshed, int node, Resumption resumption) {
            this.refreshed = refreshed;
            this.node = node;
            this.resumption = resumption;
        }

        boolean expiredRightAway() {
            return refreshed && brief();
        }

        /** Whether it closes within a second of opening. */
        boolean brief() {
            return System.nanoTime() - openedAt < RIGHT_AWAY_NANOS;
        }

        @Override
        public void onOpen(WebSocket socket) {
            openedAt = System.nanoTime();
            if (current != this || closing) {
                socket.abort(); // an attempt given up on (timed out, or the stream closed meanwhile)
                return;
            }
            ws = socket;
            if (resumption != null) {
                resuming = null;
                resumption.reopened(socket);
            }
            socket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            if (current != this) {
                return null;
            }
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    dispatch(ClientJson.MAPPER.readTree(text));
                } catch (JsonProcessingException | RuntimeException e) {
                    socket.sendClose(1011, "client could not handle a frame");
                    ended(1011, "client could not handle a frame: " + e);
                    return null;
                }
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
            if (current != this) {
                return null;
            }
            if (code == StreamClose.TOKEN_EXPIRED) {
                refresh(this, reason);
            } else if (StreamClose.resumable(code)) {
                dropped(this, code, code == StreamClose.CONNECTION_LOST && reason.isBlank() ? "connection lost" : reason);
            } else {
                ended(code, reason);
            }
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            if (current == this) {
                dropped(this, StreamClose.CONNECTION_LOST, "connection lost: " + Attempts.why(error));
            }
        }

        private void dispatch(JsonNode f) throws JsonProcessingException {
            switch (f.path("type").asText()) {
                case "event" -> {
                    Event e = ClientJson.MAPPER.treeToValue(f.get("event"), Event.class);
                    lastToken = e.token();
                    listener.onEvent(e);
                }
                case "typing" -> listener.onTyping(f.path("conversation_id").asText(), f.path("account_id").asText());
                case "presence" -> listener.onPresence(f.path("account_id").asText(), f.path("online").asBoolean());
                case "profile" -> listener.onProfileChanged(f.path("account_id").asText());
                case "sent" -> listener.onSent(f.path("client_id").asText(),
                        ClientJson.MAPPER.treeToValue(f.get("message"), Message.class));
                case "error" -> listener.onError(
                        f.hasNonNull("client_id") ? Optional.of(f.get("client_id").asText()) : Optional.empty(),
                        ParleyException.fromProblem(f.path("problem")));
                default -> { } // a frame type newer than this client: ignore it
            }
        }
    }
}
