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
 * {@link ParleyException} carrying the status and the problem's code, an unreachable deployment an
 * {@link java.io.UncheckedIOException} that names each node and what failed there.
 *
 * <p>A cluster: give the builder every node's URL (or one load balancer's). A call goes to the
 * first node that works; one that fails with an I/O error (refused, reset, timed out) or a 503 is
 * tried again on the next URL, and once every URL failed, after a short growing wait with jitter,
 * all within a few seconds (see {@link Builder#retries} and {@link Builder#retryBackoff}). Only
 * calls safe to repeat are retried that way, sends included, since their {@code client_id} makes
 * them idempotent; any other answer (a 4xx or 5xx problem) is the cluster's and is not tried
 * elsewhere. {@link Builder#autoResume} makes streams reconnect by themselves too.
 */
public final class ParleyClient extends ActingClient {
    private ParleyClient(Transport transport) {
        super(transport, "/api/v1");
    }

    /**
     * A signed-out client with the defaults: HTTP/1.1, 30 s per request, retries for up to 3 s,
     * streams that do not reconnect by themselves.
     */
    public static ParleyClient create(URI base) {
        return builder(base).build();
    }

    /** A signed-out client of a cluster with the defaults (see {@link #create(URI)}). */
    public static ParleyClient create(List<URI> nodes) {
        return builder(nodes).build();
    }

    public static Builder builder(URI base) {
        return new Builder(List.of(Objects.requireNonNull(base, "base")));
    }

    /**
     * A client of a cluster: its nodes' base URLs (or a load balancer's), tried in this order; a
     * node found unreachable is skipped by the calls after it, until another fails in turn.
     */
    public static Builder builder(List<URI> nodes) {
        return new Builder(nodes);
    }

    /** {@link #builder(List)} with the nodes as arguments. */
    public static Builder builder(URI first, URI... others) {
        List<URI> all = new java.util.ArrayList<>();
        all.add(first);
        all.addAll(List.of(others));
        return new Builder(all);
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
        private final Endpoints nodes;
        private HttpClient http;
        private Duration timeout = Duration.ofSeconds(30);
        private int retries = 10;
        private Backoff backoff = Backoff.CALLS;
        private Duration autoResume;
        private java.util.function.Supplier<String> tokens = () -> null;
        private boolean provided;

        private Builder(List<URI> nodes) {
            this.nodes = new Endpoints(nodes);
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

        /**
         * At most how many more attempts a call makes after an I/O failure or a 503, each on the next
         * node (0: never try again). Default 10; the {@link #retryBackoff budget} usually ends it first.
         */
        public Builder retries(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("retries must not be negative");
            }
            this.retries = n;
            return this;
        }

        /**
         * The wait before a call's next round, once every node failed in this one: {@code first}
         * (default 100 ms), then twice as long each round up to 1 s, each drawn between half and all of
         * that; no round starts once {@code budget} (default 3 s) has passed since the call began.
         */
        public Builder retryBackoff(Duration first, Duration budget) {
            this.backoff = new Backoff(Objects.requireNonNull(first, "first"), Backoff.CALLS.cap(),
                    Objects.requireNonNull(budget, "budget"));
            return this;
        }

        /**
         * Streams reconnect by themselves when the connection is lost (1006) or the node shuts down
         * (1001): to the next node, after the same growing waits as calls (up to 5 s each), resuming
         * from the last event they delivered, so the listener hears every event once, in order. The
         * listener hears {@link StreamListener#onReconnecting} and {@link StreamListener#onReconnected};
         * {@link StreamListener#onClosed} only when the stream gives up (after {@code giveUpAfter}
         * without a socket) or ends for a code not to reconnect after (4401, 4403, 4410, 4429, 1000…).
         * Off by default: the listener hears every close and reconnects itself, if it likes.
         */
        public Builder autoResume(Duration giveUpAfter) {
            if (giveUpAfter.isNegative() || giveUpAfter.isZero()) {
                throw new IllegalArgumentException("giveUpAfter must be positive");
            }
            this.autoResume = giveUpAfter;
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
            Transport.Limits limits = new Transport.Limits(timeout, retries, backoff, java.util.Optional.ofNullable(autoResume));
            return new ParleyClient(new Transport(client, nodes, tokens, provided, limits));
        }
    }
}
