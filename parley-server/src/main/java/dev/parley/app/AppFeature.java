package dev.parley.app;

import dev.parley.account.AccountService;
import dev.parley.account.AccountStore;
import dev.parley.account.GraphService;
import dev.parley.config.Keys;
import dev.parley.config.Settings;
import dev.parley.http.Authenticator;
import dev.parley.http.Routes;
import dev.parley.store.Database;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import dev.parley.outbound.OutboundClient;

/**
 * Builds the app integration from the node's parts: apps and their secrets, users by external
 * id, minted tokens, the app's JWTs (when configured) and the app's graph.
 */
public final class AppFeature {
    private final Apps apps;
    private final AppUsers users;
    private final AppTokens tokens;
    private final AppGraph graph;
    private final Optional<AppJwt> jwt;
    private final java.time.Duration grace;

    /** @param outbound the node's one guarded HTTP client: JWKS documents are fetched through it */
    /** @param changed tells the other nodes that an app changed here, so they drop their cached app credentials */
    /** @param erased when an app's user was last erased: a JWT issued before opens nothing */
    public AppFeature(Settings settings, Database db, AccountStore accountStore, AccountService accounts,
                      GraphService graphService, OutboundClient outbound, Clock clock, Runnable changed,
                      ErasedUsers erased) {
        this.grace = settings.get(Keys.APP_SECRET_GRACE);
        AppStore store = new AppStore(db);
        this.apps = new Apps(db, store, clock, settings.get(Keys.APP_RECHECK), changed);
        this.users = new AppUsers(db, store, accountStore, accounts);
        this.jwt = jwt(settings, store, users, JwksFetcher.through(outbound), erased);
        // A revoke or rotate on this node drops the app's verified JWTs here at once, not 30 s later.
        jwt.ifPresent(j -> apps.alsoForget(j::forget));
        // And the client tokens verified here: a revoke deletes the ones the app minted, which a node that
        // heard of it only from the store (the CLI without Redis) would otherwise honour from its cache for 30 s.
        apps.alsoForget(accounts::forgetCachedTokens);
        // So does a suspension of one of its users (by a moderator or the admin command), on every node.
        jwt.ifPresent(j -> accounts.alsoForget(j::forget));
        this.tokens = new AppTokens(accounts, store, users, apps, clock, () -> jwt.ifPresent(AppJwt::forget));
        this.graph = new AppGraph(db, store, accountStore, graphService);
    }

    /** App JWTs are on when an issuer and a key source are set. */
    private Optional<AppJwt> jwt(Settings s, AppStore store, AppUsers users, JwksFetcher fetcher, ErasedUsers erased) {
        if (!jwtsOn(s)) {
            return Optional.empty();
        }
        App app = jwtApp(s.get(Keys.AUTH_JWT_APP), store);
        return Optional.of(new AppJwt(app, store, users, new AppJwt.Config(s.get(Keys.AUTH_JWT_ISSUER),
                s.get(Keys.AUTH_JWT_AUDIENCE), s.get(Keys.AUTH_JWT_JWKS_URL), s.get(Keys.AUTH_JWT_HS256_SECRET),
                s.get(Keys.AUTH_JWT_PROVISION), s.get(Keys.AUTH_JWT_MAX_LIFETIME)), fetcher, erased));
    }

    /** App JWTs are on: an issuer and a key source (a JWKS URL or an HS256 secret) are set. */
    static boolean jwtsOn(Settings s) {
        boolean keys = !s.get(Keys.AUTH_JWT_JWKS_URL).isEmpty() || !s.get(Keys.AUTH_JWT_HS256_SECRET).isEmpty();
        return !s.get(Keys.AUTH_JWT_ISSUER).isEmpty() && keys;
    }

    private App jwtApp(String named, AppStore store) {
        if (!named.isEmpty()) {
            return apps.find(named).orElseThrow(() -> new dev.parley.config.ConfigException(
                    "auth.jwt_app: no app '" + named + "' (create it with: parley admin app create NAME)"));
        }
        List<App> all = store.all().stream().filter(a -> !a.revoked()).toList();
        if (all.size() > 1) {
            throw new dev.parley.config.ConfigException("auth.jwt_app: there are several apps; name one");
        }
        if (all.isEmpty()) {
            // The secret is not shown: an app that only signs JWTs needs none; rotate to get one.
            apps.create("default");
            App made = store.byName("default").orElseThrow();
            // Said, because an app created after this is another network, not the one the JWTs sign in to.
            org.slf4j.LoggerFactory.getLogger(AppFeature.class).warn("app JWTs sign users in to app default (id {}),"
                    + " made now as there was no app: give it a secret with 'parley admin app rotate default'; an app"
                    + " you create instead needs auth.jwt_app=NAME (with several apps and none named, the node"
                    + " does not start)", made.id());
            return made;
        }
        return all.get(0);
    }

    /**
     * Reads the store's count of app and access changes every {@code every} (at least every half second), for a
     * node no broadcast reaches (no Redis): requests recheck it too, but an open socket of an account the CLI
     * suspended, or of an app it revoked, would otherwise wait for the sockets' 10 s sweep, or a request.
     */
    public AutoCloseable watchStore(java.time.Duration every) {
        var timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                dev.parley.lifecycle.Threads.daemon("parley-app-watch"));
        long millis = Math.max(500, every.toMillis());
        timer.scheduleWithFixedDelay(() -> {
            try {
                apps.recheck();
            } catch (RuntimeException e) {
                // The store is busy or closing: the next tick, or the next request, reads it again.
            }
        }, millis, millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        return timer::shutdownNow;
    }

    /** Another node or the CLI changed an app: drop every cached app secret and verified app JWT. */
    public void forgetCachedCredentials() {
        apps.forget();
        jwt.ifPresent(AppJwt::forget);
    }

    /** Puts apps (secret + X-Parley-User, and JWTs) in front of the node's other credentials. */
    public Authenticator authenticator(Authenticator next) {
        return new AppAuthenticator(next, apps, jwt);
    }

    /** Apps and their secrets: other app features (the events feed) recognise the calling app through it. */
    public Apps apps() {
        return apps;
    }

    /** An app's users by its own ids: the data-rights routes find whom an app erases or exports through it. */
    public AppUsers users() {
        return users;
    }

    public Routes routes(Authenticator auth) {
        return new AppRoutes(auth, apps, users, tokens, graph, grace);
    }
}
