package dev.parley.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.account.GraphService;
import dev.parley.conversation.ConversationService;
import dev.parley.event.SyncRoutes;
import dev.parley.http.Acting;
import dev.parley.http.ApiException;
import dev.parley.http.Authenticator;
import dev.parley.http.InputText;
import dev.parley.http.Json;
import dev.parley.http.Principal;
import dev.parley.http.Problems;
import dev.parley.http.Requests;
import dev.parley.http.Routes;
import dev.parley.message.AuthorKind;
import dev.parley.message.MessageService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;
import dev.parley.account.AccountService;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The WebSocket stream: authenticates the upgrade (Bearer header or single-use ticket), replays
 * from {@code ?since=} and goes live, and takes sends, typing and read pointers from the client.
 * Thin by design: the rules live in the services it calls.
 */
public final class StreamRoutes implements Routes {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StreamRoutes.class);
    private static final String SESSION = "parley.session";

    private final Authenticator auth;
    private final Acting acting;
    private final Tickets tickets;
    private final Hub hub;
    private final Presence presence;
    private final ConversationService conversations;
    private final MessageService messages;
    private final GraphService graph;
    private final Sockets sessions;
    private final StreamOrigins origins;
    private final AccountService accounts;
    private final java.util.function.Function<Principal, java.util.Optional<Instant>> expiry;

    public StreamRoutes(Authenticator auth, Acting acting, Tickets tickets, Hub hub, Presence presence,
                        ConversationService conversations, MessageService messages, GraphService graph,
                        Access access) {
        this.auth = auth;
        this.acting = acting;
        this.tickets = tickets;
        this.hub = hub;
        this.presence = presence;
        this.conversations = conversations;
        this.messages = messages;
        this.graph = graph;
        this.sessions = access.sockets();
        this.origins = access.origins();
        this.accounts = access.accounts();
        this.expiry = access.expiry();
    }

    /**
     * What decides who may keep a socket: the open sockets, the allowed origins, the sessions, and
     * when a caller's token expires (sessions never do; app tokens will say when theirs do).
     */
    public record Access(Sockets sockets, StreamOrigins origins, AccountService accounts,
                         java.util.function.Function<Principal, java.util.Optional<Instant>> expiry) {
        public Access(Sockets sockets, StreamOrigins origins, AccountService accounts) {
            this(sockets, origins, accounts, Principal::expiresAt);
        }
    }

    /** @param checkedFrom when the upgrade began checking its credential: only a revocation since can have raced it */
    private record Pending(Principal principal, String logAccountId, long since, Instant issuedAt, Instant checkedFrom) {}

    @Override
    public void register(RoutesConfig r) {
        r.post("/api/v1/stream/tickets", ctx -> ctx.status(201).json(tickets.issue(Requests.principal(ctx, auth))));
        r.wsBeforeUpgrade("/api/v1/stream", this::authorize);
        r.ws("/api/v1/stream", ws -> {
            ws.onConnect(this::connected);
            ws.onMessage(this::received);
            ws.onBinaryMessage(this::binary);
            ws.onClose(ctx -> closed(ctx));
            ws.onError(ctx -> closed(ctx));
        });
    }

    /** Refuses the upgrade with a problem (401, 404, 410) before any socket exists. */
    private void authorize(Context ctx) {
        try {
            admit(ctx);
        } catch (ApiException e) {
            // The upgrade path does not write a result set on the context, so the problem is
            // written here, where the client (a script, the SDK) can read why it was refused.
            try {
                byte[] body = Json.write(Problems.body(e)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                ctx.res().setStatus(e.status());
                ctx.res().setContentType(Problems.CONTENT_TYPE);
                ctx.res().setContentLength(body.length);
                ctx.res().getOutputStream().write(body);
                ctx.res().flushBuffer();
            } catch (java.io.IOException gone) {
                // the client left; nothing to tell it
            }
            throw e;
        }
    }

    private void admit(Context ctx) {
        // The same text check as every other request's query string (HttpServer's runs before
        // handlers, and an upgrade never reaches them): bad UTF-8 is 400, NUL and controls 422.
        InputText.checkUriPart(ctx.queryString(), "query string");
        Instant checkStart = sessions.now(); // before any cache or the store is read
        String ticket = ctx.queryParam("ticket");
        origins.check(ctx.header("Origin"), ctx.header("Host"), ticket != null);
        Principal p = ticket != null
                ? tickets.redeem(ticket).orElseThrow(ApiException::unauthorized)
                : Requests.principal(ctx, auth);
        // The store, not a cache, says whether the session still stands: a ticket may outlive its
        // token, and another node's cache may not have heard the sign-out yet. Once per upgrade.
        // An app's JWT has no session row: it was checked just now, and its iat stands for the issue time.
        Instant issuedAt = p.bot() ? Instant.MIN : p.issuedAt().isPresent() ? p.issuedAt().get()
                : accounts.issuedAt(p.tokenHash()).orElseThrow(ApiException::unauthorized);
        // Only a session the store just vouched for is known to postdate the revocations remembered
        // before now; a JWT or a secret may come from a ticket taken before one, so every one may have raced it.
        Instant checkedFrom = p.bot() || p.issuedAt().isPresent() ? Instant.MIN : checkStart;
        String account = acting.accountFor(p, ctx.queryParam("business"));
        // "From now" is fixed at the upgrade, so an event committed while the socket registers is not lost.
        long since = SyncRoutes.parseToken(ctx.queryParam("since")).orElseGet(() -> hub.current(account));
        ctx.attribute(SESSION, new Pending(p, account, since, issuedAt, checkedFrom));
    }

    private void connected(WsConnectContext ctx) {
        Pending p = ctx.attribute(SESSION);
        if (p == null) {
            ctx.closeSession(4401, "unauthorized");
            return;
        }
        ctx.enableAutomaticPings();
        StreamSession s = new StreamSession(StreamSession.Peer.of(ctx), sessions.idFor(ctx.sessionId()), p.logAccountId(),
                p.principal().accountId(), p.principal().bot(), p.principal().tokenHash(), p.issuedAt(),
                expiry.apply(p.principal()));
        if (!sessions.add(s, p.checkedFrom())) {
            return; // revoked between the upgrade and now; add() closed it
        }
        hub.open(s, p.since());
        presence.connected(s);
    }

    private void closed(WsContext ctx) {
        StreamSession s = sessions.get(sessions.idFor(ctx.sessionId()));
        if (s != null) {
            sessions.remove(s);
            hub.close(s);
            presence.disconnected(s);
        }
    }

    private void received(WsMessageContext ctx) {
        StreamSession s = sessions.get(sessions.idFor(ctx.sessionId()));
        if (s == null || s.revoked) {
            return; // access ended: what was queued behind the revocation is not acted on
        }
        String clientId = null;
        try {
            JsonNode msg = Json.MAPPER.readTree(ctx.message());
            if (msg == null || !msg.isObject()) { // an array or a bare value: as the OpenAPI says, 400
                throw ApiException.badRequest("A frame is one JSON object.");
            }
            clientId = msg.path("client_id").isTextual() ? msg.get("client_id").asText() : null;
            InputText.check(msg); // the same text rules as a request body
            if (msg.hasNonNull("client_id") && clientId == null) {
                throw ApiException.badRequest("Field 'client_id' must be a string.");
            }
            switch (text(msg, "type")) {
                case "send" -> send(s, clientId, msg);
                case "typing" -> presence.typing(s, text(msg, "conversation_id"));
                case "read" -> {
                    if (!msg.path("seq").canConvertToLong()) {
                        throw ApiException.badRequest("Field 'seq' must be a number.");
                    }
                    conversations.markRead(s.logAccountId, text(msg, "conversation_id"), msg.get("seq").asLong());
                }
                case "visibility" -> {
                    if (!msg.path("visible").isBoolean()) {
                        throw ApiException.badRequest("Field 'visible' must be true or false.");
                    }
                    presence.visible(s, msg.get("visible").asBoolean());
                }
                default -> throw ApiException.validation("Unknown frame type; use send, typing, read or visibility.");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            error(s, null, ApiException.badRequest("A frame is one JSON object."));
        } catch (ApiException e) {
            error(s, clientId, e);
        }
    }

    /** Frames are JSON text: a binary one (a client's send put in an ArrayBuffer, say) is answered, never dropped unseen. */
    private void binary(io.javalin.websocket.WsBinaryMessageContext ctx) {
        StreamSession s = sessions.get(sessions.idFor(ctx.sessionId()));
        if (s != null && !s.revoked) {
            error(s, null, ApiException.badRequest("Frames are text: each one JSON object, never binary."));
        }
    }

    /**
     * Queues the send for the next group commit without holding the socket's thread; the answer
     * ("sent" or "error") goes out on the account's delivery thread once the batch committed.
     */
    private void send(StreamSession s, String clientId, JsonNode msg) {
        String conversationId = text(msg, "conversation_id"); // named first, as the frame reads
        java.util.List<String> files = attachments(msg);
        String text = files.isEmpty() || msg.hasNonNull("text") ? text(msg, "text") : "";
        String replyTo = msg.hasNonNull("reply_to") ? text(msg, "reply_to") : null;
        messages.sendAsync(s.logAccountId, agentOf(s),
                s.bot ? AuthorKind.BOT : AuthorKind.personOrAgent(agentOf(s)), conversationId, clientId, text,
                replyTo, files)
                .whenComplete((sent, failed) -> hub.onAccountThread(s.logAccountId, () -> {
                    if (sent != null) {
                        s.send(sentFrame(clientId, sent));
                        return;
                    }
                    Throwable cause = failed instanceof java.util.concurrent.CompletionException ? failed.getCause() : failed;
                    if (!(cause instanceof ApiException)) {
                        LOG.error("send over the stream failed", cause);
                    }
                    error(s, clientId, cause instanceof ApiException a ? a : new ApiException(500, "internal_error",
                            "Server error", "Something went wrong on our side; it has been logged."));
                }));
    }

    /** The acknowledgement: {@code {"type":"sent","client_id":…,"message":…}}, the message as the writer wrote it when it can. */
    static String sentFrame(String clientId, MessageService.Sent sent) {
        String message = sent.rendered() != null ? sent.rendered() : Json.write(sent.message());
        return "{\"type\":\"sent\",\"client_id\":" + Json.write(clientId) + ",\"message\":" + message + "}";
    }

    /** A business's socket sends as the business; the person who wrote it is kept as its agent. */
    private static String agentOf(StreamSession s) {
        return s.logAccountId.equals(s.personId) ? null : s.personId;
    }

    /** A send frame's {@code attachments}: upload ids, or none. */
    private static java.util.List<String> attachments(JsonNode msg) {
        JsonNode v = msg.get("attachments");
        if (v == null || v.isNull()) {
            return java.util.List.of();
        }
        java.util.List<String> ids = new java.util.ArrayList<>();
        if (v.isArray()) {
            for (JsonNode id : v) {
                if (!id.isTextual()) {
                    ids = null;
                    break;
                }
                ids.add(id.asText());
            }
        }
        if (ids == null || !v.isArray()) {
            throw ApiException.badRequest("'attachments' is a list of upload ids.");
        }
        return ids;
    }

    private static String text(JsonNode msg, String field) {
        JsonNode v = msg.get(field);
        if (v == null || v.isNull()) {
            throw ApiException.validation("Field '" + field + "' is required.");
        }
        if (!v.isTextual()) { // 5 or true for a text: said so, and 400, as a request body's wrong type is
            throw ApiException.badRequest("Field '" + field + "' must be a string.");
        }
        return v.asText();
    }

    private static void error(StreamSession s, String clientId, ApiException e) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "error");
        if (clientId != null) {
            frame.put("client_id", clientId);
        }
        frame.put("problem", Problems.body(e));
        s.send(Json.write(frame));
    }

    public int openSockets() {
        return sessions.size();
    }

    /**
     * Closes the person's sockets on the account's stream: they no longer act for that business
     * (a removed agent). 4403 tells the client not to reconnect with the same query.
     */
    public void closeActing(String personId, String accountId) {
        sessions.all().stream()
                .filter(s -> s.personId.equals(personId) && s.logAccountId.equals(accountId))
                .forEach(s -> s.peer.close(4403, "no longer an agent of this business"));
    }

    /** Closes every socket (graceful shutdown): clients reconnect elsewhere and resync. */
    public void closeAll() {
        sessions.all().forEach(s -> s.peer.close(1001, "server shutting down"));
        // The HTTP server stops next: give the close frames up to two seconds to leave (each socket
        // leaves the registry when its client answers), or clients hear 1006, a crash, and cannot
        // tell a planned stop from one.
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(2);
        while (sessions.size() > 0 && System.nanoTime() < until) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

}
