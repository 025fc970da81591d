package dev.parley.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.client.Transport.Retry;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Java client for a Parley node, acting as one person (or signed out, to sign up and in).
 *
 * <pre>{@code
 * ParleyClient parley = ParleyClient.create(URI.create("http://localhost:8080"));
 * ParleyClient ann = parley.as(parley.signIn("ann", password));
 * Conversation dm = ann.openDirect(benId);
 * ann.send(dm.id(), "hello");
 * }</pre>
 *
 * <p>Promises: immutable and thread-safe; {@link #as}, {@link #withToken} and {@link #forBusiness}
 * make new clients that share this one's {@link HttpClient} (connection pool and threads), so many
 * signed-in clients are cheap. Every call blocks until the server answers; a refusal is a
 * {@link ParleyException} carrying the status and the problem's code, an unreachable server an
 * {@link java.io.UncheckedIOException}. Calls that are safe to repeat are retried after an I/O
 * failure (see {@link Builder#retries}), sends included, since their {@code client_id} makes them
 * idempotent.
 */
public final class ParleyClient extends ActingClient {
    private ParleyClient(Transport transport) {
        super(transport, "/api/v1");
    }

    /** A signed-out client with the defaults: HTTP/1.1, 30 s per request, 2 retries. */
    public static ParleyClient create(URI base) {
        return builder(base).build();
    }

    public static Builder builder(URI base) {
        return new Builder(base);
    }

    /** A client acting as the account this token belongs to. */
    public ParleyClient withToken(String token) {
        return new ParleyClient(transport.withToken(Objects.requireNonNull(token, "token")));
    }

    /** A client acting as the account of this session. */
    public ParleyClient as(Session session) {
        return withToken(session.token());
    }

    /** This client acting for a business the caller is an agent of. */
    public BusinessClient forBusiness(String businessId) {
        return new BusinessClient(transport, businessId);
    }

    @Override
    String businessId() {
        return null;
    }

    // ---- accounts and sessions

    /**
     * Signs up a person: handle 3–30 of {@code [a-z0-9_]} (case-insensitive), password 12–128,
     * display name 1–64 characters.
     *
     * @throws ParleyException {@code conflict} when the handle is taken, {@code validation_failed}
     */
    public Session signUp(String handle, String password, String displayName) {
        return call("POST", "/accounts", Map.of("handle", handle, "password", password, "display_name", displayName),
                ClientJson.type(Session.class), Retry.NEVER);
    }

    /** @throws ParleyException {@code unauthorized} alike for a wrong password and an unknown handle */
    public Session signIn(String handle, String password) {
        return call("POST", "/sessions", Map.of("handle", handle, "password", password),
                ClientJson.type(Session.class), Retry.NEVER);
    }

    /** Revokes this client's token everywhere at once; the account's other sessions stay. */
    public void signOut() {
        call("DELETE", "/sessions/current", null, null, Retry.SAFE);
    }

    /**
     * Sets a new password; the current one proves it is you. Every other session of the account
     * ends at once (their streams close with {@link StreamClose#REVOKED}); this client's stays.
     */
    public void changePassword(String currentPassword, String newPassword) {
        call("PUT", "/me/password", java.util.Map.of("current_password", currentPassword, "new_password", newPassword),
                null, Retry.NEVER);
    }

    public Account me() {
        return call("GET", "/me", null, ClientJson.type(Account.class), Retry.SAFE);
    }

    /** Applies the changes set in {@code update}; answers the account as it now stands. */
    public Account updateMe(AccountUpdate update) {
        return call("PATCH", "/me", update.body(), ClientJson.type(Account.class), Retry.SAFE);
    }

    /** Accounts the caller blocked, a page at a time. */
    public Page<Profile> blocks(int limit, String cursor) {
        return call("GET", "/me/blocks" + Query.of().add("limit", limit).add("cursor", cursor), null,
                ClientJson.pageOf(Profile.class), Retry.SAFE);
    }

    // ---- others

    /** @param account an id, a handle or {@code @handle}; one that blocked the caller is not found */
    public Profile profile(String account) {
        return call("GET", "/accounts/" + Transport.seg(account), null, ClientJson.type(Profile.class), Retry.SAFE);
    }

    /** May the caller message this account now, where would it land, and if not, why not. */
    public DmPermission dmPermission(String account) {
        return call("GET", "/accounts/" + Transport.seg(account) + "/dm-permission", null,
                ClientJson.type(DmPermission.class), Retry.SAFE);
    }

    /** The deployment's rule profile in force. */
    public Rules rules() {
        return call("GET", "/rules", null, ClientJson.type(Rules.class), Retry.SAFE);
    }

    // ---- conversations only a person starts

    /**
     * The pair's one direct conversation, new or existing (opening one the caller declined brings
     * it back). Where the other's settings refuse the caller but the rules have message requests,
     * it reaches them as a request.
     *
     * @throws ParleyException {@code blocked}, {@code like_required}, {@code not_followed},
     *                         {@code dms_closed}, {@code not_found}
     */
    public Conversation openDirect(String accountId) {
        return call("POST", "/conversations", Map.of("member_ids", List.of(accountId)),
                ClientJson.type(Conversation.class), Retry.SAFE);
    }

    /**
     * A new group with the caller as its admin. Each call makes a new group, so it is not retried.
     *
     * @throws ParleyException {@code group_full} (422) over the rules' cap, the creator included
     */
    public Conversation openGroup(String title, List<String> memberIds) {
        return call("POST", "/conversations", Map.of("member_ids", memberIds, "title", title),
                ClientJson.type(Conversation.class), Retry.NEVER);
    }

    // ---- consent to a business's promotions

    /** Whether the caller opted in to this business's promotional messages. */
    public Subscription subscription(String businessId) {
        return call("GET", "/accounts/" + Transport.seg(businessId) + "/subscription", null,
                ClientJson.type(Subscription.class), Retry.SAFE);
    }

    /**
     * Opts in to a business's promotional messages (recorded in its consent ledger).
     *
     * @param method how the customer opted in: {@code dm}, {@code web}, {@code api} or {@code in_store}
     */
    public Subscription subscribe(String businessId, String method) {
        return call("PUT", "/accounts/" + Transport.seg(businessId) + "/subscription", Map.of("method", method),
                ClientJson.type(Subscription.class), Retry.SAFE);
    }

    /** Withdraws the opt-in. */
    public Subscription unsubscribe(String businessId) {
        return call("DELETE", "/accounts/" + Transport.seg(businessId) + "/subscription", null,
                ClientJson.type(Subscription.class), Retry.SAFE);
    }

    // ---- business pages

    /** Makes a business page with the caller as its owner. */
    public AccountBrief createBusiness(String handle, String displayName) {
        JsonNode made = call("POST", "/businesses", Map.of("handle", handle, "display_name", displayName),
                ClientJson.type(JsonNode.class), Retry.NEVER);
        return ClientJson.MAPPER.convertValue(made.get("business"), AccountBrief.class);
    }

    /** The business pages the caller is an agent of. */
    public List<AccountBrief> myBusinesses() {
        Page<AccountBrief> page = call("GET", "/me/businesses", null, ClientJson.pageOf(AccountBrief.class), Retry.SAFE);
        return page.items();
    }

    /** A single-use ticket (60 s) to open the stream where headers cannot be set, e.g. a browser. */
    public StreamTicket streamTicket() {
        return call("POST", "/stream/tickets", null, ClientJson.type(StreamTicket.class), Retry.NEVER);
    }

    /** Settings for a client; {@link #build()} makes a signed-out one unless a token was given. */
    public static final class Builder {
        private final URI base;
        private HttpClient http;
        private Duration timeout = Duration.ofSeconds(30);
        private int retries = 2;
        private java.util.function.Supplier<String> tokens = () -> null;
        private boolean provided;

        private Builder(URI base) {
            this.base = Objects.requireNonNull(base, "base");
        }

        /** Share one HttpClient between many ParleyClients (a load generator should). */
        public Builder httpClient(HttpClient client) {
            this.http = Objects.requireNonNull(client, "client");
            return this;
        }

        /** How long one request (and opening the stream) may take. */
        public Builder requestTimeout(Duration d) {
            this.timeout = Objects.requireNonNull(d, "timeout");
            return this;
        }

        /** How many times a call safe to repeat is retried after an I/O failure (0 to never). */
        public Builder retries(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("retries must not be negative");
            }
            this.retries = n;
            return this;
        }

        public Builder token(String t) {
            this.tokens = () -> t;
            this.provided = false;
            return this;
        }

        /**
         * Where each request (and each stream it opens) gets its token: an app that mints
         * short-lived client tokens, or signs its own JWTs, returns a fresh one once the last expired.
         * When a stream's token expires ({@link StreamClose#TOKEN_EXPIRED}) the stream asks it once
         * for a fresh token and resumes from its last event; if that token fails too, the stream
         * ends and its listener hears the 4440.
         */
        public Builder tokenProvider(java.util.function.Supplier<String> provider) {
            this.tokens = Objects.requireNonNull(provider, "provider");
            this.provided = true;
            return this;
        }

        public ParleyClient build() {
            HttpClient client = http != null ? http : HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(timeout)
                    .build();
            return new ParleyClient(new Transport(client, base, tokens, provided, timeout, retries));
        }
    }
}
