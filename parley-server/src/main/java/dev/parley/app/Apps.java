package dev.parley.app;

import dev.parley.account.AccountService;
import dev.parley.account.Validation;
import dev.parley.http.ApiException;
import dev.parley.store.Database;
import dev.parley.store.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creating, rotating and revoking apps, and recognising an app by its server secret. A secret is
 * 256 random bits shown once; only its SHA-256 is stored, as for sessions. Secrets carry the
 * prefix {@value #PREFIX}, so a user token never costs an app lookup and vice versa.
 */
public final class Apps {
    public static final String PREFIX = "psk_";
    /** The longest a cached secret is trusted without asking the store (a bound on memory, mostly). */
    private static final long CACHE_MILLIS = 300_000;

    private final Database db;
    private final AppStore store;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final long recheckMillis;
    private final Runnable changed;
    /** The store's count of app changes when the cache was last checked against it, and when that was. */
    private volatile long seenVersion = -1;
    private volatile long checkedAt;
    /** What else goes with the cached secrets (the verified app JWTs, the cached client tokens): set by the feature. */
    private final java.util.List<Runnable> alsoForget = new java.util.concurrent.CopyOnWriteArrayList<>();

    private record Cached(Optional<App> app, long until) {}

    /** A new app and its secret: the only time the secret is seen. */
    public record Created(String id, String name, String secret) {}

    /** For the CLI: no cache worth checking, nobody to tell. */
    public Apps(Database db, AppStore store, Clock clock) {
        this(db, store, clock, Duration.ofSeconds(1), () -> { });
    }

    /**
     * @param recheck how often the store's count of app changes is read: a rotate or revoke made
     *                elsewhere (the CLI, another node) applies here within this long
     * @param changed tells the other nodes that an app changed here (through the cluster's signals)
     */
    public Apps(Database db, AppStore store, Clock clock, Duration recheck, Runnable changed) {
        this.db = db;
        this.store = store;
        this.clock = clock;
        this.recheckMillis = recheck.toMillis();
        this.changed = changed;
    }

    public AppStore store() {
        return store;
    }

    public Created create(String nameRaw) {
        String name = Validation.cleanText(requiredName(nameRaw), "name", 1, 64);
        String secret = newSecret();
        App app = new App(Ids.next('p'), name, false, Instant.EPOCH, clock.instant());
        try {
            store.insert(app, AccountService.sha256(secret));
        } catch (RuntimeException e) {
            if (db.dialect().isUniqueViolation(e)) {
                throw ApiException.conflict("An app named '" + name + "' exists.");
            }
            throw e;
        }
        return new Created(app.id(), app.name(), secret);
    }

    private static String requiredName(String name) {
        if (name == null) {
            throw ApiException.validation("Field 'name' is required.");
        }
        return name;
    }

    /** A new secret; the old one keeps working for {@code grace}, so the app's servers can roll over. */
    public Created rotate(String nameOrId, Duration grace) {
        App app = find(nameOrId).orElseThrow(() -> ApiException.notFound("app"));
        if (app.revoked()) {
            // A revoked app's secrets never work again: a fresh one would look valid and be refused everywhere.
            throw new ApiException(409, "app_revoked", "App revoked",
                    "This app was revoked; its secrets, JWTs and tokens stay ended. Create a new app instead.");
        }
        String secret = newSecret();
        store.rotate(app.id(), AccountService.sha256(secret), clock.instant().plus(grace));
        forget();
        changed.run();
        return new Created(app.id(), app.name(), secret);
    }

    /** Ends the app: its secret (old and new) stops working. Its users and messages stay. */
    public App revoke(String nameOrId) {
        App app = find(nameOrId).orElseThrow(() -> ApiException.notFound("app"));
        store.revoke(app.id());
        forget();
        changed.run();
        return app;
    }

    public Optional<App> find(String nameOrId) {
        return store.byId(nameOrId).or(() -> store.byName(nameOrId));
    }

    /** The app whose secret this is, or empty. */
    public Optional<App> bySecret(String secret) {
        if (!secret.startsWith(PREFIX) || secret.length() > 100) {
            return Optional.empty();
        }
        String hash = AccountService.sha256(secret);
        long now = System.currentTimeMillis();
        recheck(now);
        Cached c = cache.get(hash);
        if (c != null && c.until() > now) {
            return c.app();
        }
        Optional<AppStore.BySecret> found = store.bySecret(hash, clock.instant());
        if (cache.size() > 10_000) {
            cache.clear();
        }
        // A previous secret is trusted from the cache no longer than its grace.
        long until = found.flatMap(AppStore.BySecret::validUntil).map(Instant::toEpochMilli)
                .map(end -> Math.min(end, now + CACHE_MILLIS)).orElse(now + CACHE_MILLIS);
        Optional<App> app = found.map(AppStore.BySecret::app);
        cache.put(hash, new Cached(app, until));
        return app;
    }

    /**
     * The app calling an app route, by its {@code Authorization: Bearer SECRET} header.
     *
     * @throws ApiException 401 when the header holds no app's secret (a user's token, say)
     */
    public App caller(String authorization) {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            Optional<App> app = bySecret(authorization.substring(7).trim());
            if (app.isPresent()) {
                return app.get();
            }
        }
        throw new ApiException(401, "unauthorized", "Not an app",
                "App routes take the app's secret as 'Authorization: Bearer SECRET'; a user's token is not enough.");
    }

    /**
     * Drops the caches when the store counts app changes this node has not seen (the CLI or another
     * node revoked or rotated an app); at most once per recheck. App JWTs call it too, so a revoked
     * app's verified JWTs go with its secrets.
     */
    void recheck() {
        recheck(System.currentTimeMillis());
    }

    private void recheck(long now) {
        if (now - checkedAt < recheckMillis) {
            return;
        }
        checkedAt = now;
        long version = store.version();
        if (version != seenVersion) {
            forget();
            seenVersion = version;
        }
    }

    /** Also forgets {@code more} (the verified app JWTs, ...) whenever the cached secrets are forgotten. */
    public void alsoForget(Runnable more) {
        alsoForget.add(more);
    }

    /**
     * Forgets cached secrets and verified app JWTs: an app changed here (rotate, revoke,
     * revoke-before), or another node or the CLI said one changed.
     */
    public void forget() {
        cache.clear();
        alsoForget.forEach(Runnable::run);
    }

    /** An app's tokens were revoked before a time here: forget, and tell the other nodes. */
    void revokedBefore() {
        forget();
        changed.run();
    }

    private static String newSecret() {
        return PREFIX + Ids.unguessable(32);
    }
}
