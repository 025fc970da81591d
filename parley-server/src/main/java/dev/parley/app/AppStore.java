package dev.parley.app;

import dev.parley.account.Account;
import dev.parley.account.JdbcAccountStore;
import dev.parley.store.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * The apps table, and the app-only columns of accounts (app_id, external_id, avatar_url,
 * tokens_before). Account rows themselves are inserted through the account store.
 */
public final class AppStore {
    private static final String APP_COLUMNS = "id, name, revoked, tokens_before, created_at";
    private static final String INSERT = "INSERT INTO apps (id, name, secret_hash, revoked, tokens_before, created_at) "
            + "VALUES (?, ?, ?, ?, 0, ?)";
    private static final String BY_NAME = "SELECT " + APP_COLUMNS + " FROM apps WHERE name = ?";
    private static final String BY_ID = "SELECT " + APP_COLUMNS + " FROM apps WHERE id = ?";
    private static final String ALL = "SELECT " + APP_COLUMNS + " FROM apps ORDER BY created_at";
    /** The app, and when this secret stops working: never (0) for the current one, the grace's end for the previous. */
    private static final String BY_SECRET = "SELECT " + APP_COLUMNS + ", CASE WHEN secret_hash = ? THEN 0 "
            + "ELSE previous_valid_until END AS valid_until FROM apps WHERE revoked = ? AND "
            + "(secret_hash = ? OR (previous_secret_hash = ? AND previous_valid_until > ?))";
    private static final String ROTATE = "UPDATE apps SET previous_secret_hash = secret_hash, "
            + "previous_valid_until = ?, secret_hash = ? WHERE id = ?";
    private static final String REVOKE = "UPDATE apps SET revoked = ? WHERE id = ?";
    // The client tokens the app minted for its users: a revoked app's secret may have leaked, and
    // what was minted with it must not outlive the revoke (they last up to 24 h).
    private static final String DELETE_MINTED = "DELETE FROM sessions WHERE account_id IN "
            + "(SELECT id FROM accounts WHERE app_id = ?)";
    // A cutoff only moves forward: a later call naming an earlier time must not bring back what was revoked.
    private static final String APP_TOKENS_BEFORE = "UPDATE apps SET tokens_before = ? WHERE id = ? AND tokens_before < ?";
    private static final String READ_APP_TOKENS_BEFORE = "SELECT tokens_before FROM apps WHERE id = ?";
    private static final String BUMP_VERSION = "UPDATE apps_version SET version = version + 1 WHERE id = 'apps'";
    private static final String VERSION = "SELECT version FROM apps_version WHERE id = 'apps'";
    private static final String USER = "SELECT " + JdbcAccountStore.COLUMNS + " FROM accounts "
            + "WHERE app_id = ? AND external_id = ?";
    private static final String USER_REFS = "SELECT id, external_id, kind FROM accounts "
            + "WHERE app_id = :app AND external_id IN (<ids>)";
    private static final String USER_IDS = "SELECT id FROM accounts WHERE app_id = ? ORDER BY id";
    private static final String HANDLE_TAKEN = "SELECT 1 FROM accounts WHERE network = ? AND handle = ?";
    private static final String UPDATE_USER = "UPDATE accounts SET handle = ?, display_name = ?, preferred_name = ?, "
            + "kind = ?, avatar_url = ? WHERE id = ?";
    private static final String AVATAR = "SELECT avatar_url FROM accounts WHERE id = ?";
    private static final String USER_TOKENS_BEFORE = "UPDATE accounts SET tokens_before = ? WHERE id = ? AND tokens_before < ?";
    private static final String READ_USER_TOKENS_BEFORE = "SELECT tokens_before FROM accounts WHERE id = ?";
    private static final String SET_DEACTIVATED = "UPDATE accounts SET app_deactivated = ? WHERE id = ?";
    private static final String STANDING = "SELECT app_deactivated, suspended, suspended_until FROM accounts WHERE id = ?";

    private final Database db;

    public AppStore(Database db) {
        this.db = db;
    }

    public void insert(App app, String secretHash) {
        db.writeVoid(h -> h.execute(INSERT, app.id(), app.name(), secretHash, false, app.createdAt().toEpochMilli()));
    }

    public Optional<App> byName(String name) {
        return db.read(h -> h.createQuery(BY_NAME).bind(0, name).map((rs, c) -> map(rs)).findOne());
    }

    public Optional<App> byId(String id) {
        return db.read(h -> h.createQuery(BY_ID).bind(0, id).map((rs, c) -> map(rs)).findOne());
    }

    public List<App> all() {
        return db.read(h -> h.createQuery(ALL).map((rs, c) -> map(rs)).list());
    }

    /** A live app found by a secret, and when that secret stops working (empty: the current secret, until rotated). */
    public record BySecret(App app, Optional<Instant> validUntil) {}

    /** The live app whose current secret, or previous one still in its grace period, has this hash. */
    public Optional<BySecret> bySecret(String secretHash, Instant now) {
        return db.read(h -> h.createQuery(BY_SECRET).bind(0, secretHash).bind(1, false).bind(2, secretHash)
                .bind(3, secretHash).bind(4, now.toEpochMilli())
                .map((rs, c) -> new BySecret(map(rs), rs.getLong("valid_until") == 0 ? Optional.empty()
                        : Optional.of(Instant.ofEpochMilli(rs.getLong("valid_until"))))).findFirst());
    }

    /**
     * What a socket opened with an app's secret (and X-Parley-User) holds as its credential: the
     * app and the secret's hash, so the socket ends when that secret stops working.
     */
    public static String actingCredential(String appId, String secretHash) {
        return dev.parley.http.Principal.APP + appId + ":" + secretHash;
    }

    /**
     * Of these socket credentials, the ones that still work: app-secret credentials ({@link
     * #actingCredential}) while their secret does (not past a rotation's grace, the app not
     * revoked), the rest as {@code sessions} says (session rows).
     */
    public static java.util.function.Function<Collection<String>, java.util.Set<String>> liveCredentials(
            AppStore store, java.time.Clock clock, java.util.function.Function<Collection<String>, java.util.Set<String>> sessions) {
        return hashes -> {
            java.util.Set<String> live = new java.util.HashSet<>();
            List<String> rows = hashes.stream().filter(x -> !x.startsWith(dev.parley.http.Principal.APP)).toList();
            if (!rows.isEmpty()) {
                live.addAll(sessions.apply(rows));
            }
            Map<String, Boolean> secrets = new java.util.HashMap<>(); // few apps: one look-up per secret in use
            for (String x : hashes) {
                int colon = x.indexOf(':', dev.parley.http.Principal.APP.length());
                if (!x.startsWith(dev.parley.http.Principal.APP) || colon < 0) {
                    continue;
                }
                String appId = x.substring(dev.parley.http.Principal.APP.length(), colon);
                String hash = x.substring(colon + 1);
                if (secrets.computeIfAbsent(hash, k -> store.bySecret(k, clock.instant())
                        .filter(b -> b.app().id().equals(appId)).isPresent())) {
                    live.add(x);
                }
            }
            return live;
        };
    }

    public void rotate(String appId, String newSecretHash, Instant previousValidUntil) {
        db.writeVoid(h -> {
            h.execute(ROTATE, previousValidUntil.toEpochMilli(), newSecretHash, appId);
            h.execute(BUMP_VERSION);
        });
    }

    public void revoke(String appId) {
        db.writeVoid(h -> {
            h.execute(REVOKE, true, appId);
            h.execute(DELETE_MINTED, appId);
            h.execute(BUMP_VERSION);
        });
    }

    /** Moves the app's revoke-before cutoff to {@code before} unless it is later already; answers the cutoff in force. */
    public Instant setTokensBefore(String appId, Instant before) {
        return Instant.ofEpochMilli(db.write(h -> {
            h.execute(APP_TOKENS_BEFORE, before.toEpochMilli(), appId, before.toEpochMilli());
            h.execute(BUMP_VERSION);
            return h.createQuery(READ_APP_TOKENS_BEFORE).bind(0, appId).mapTo(Long.class).one();
        }));
    }

    /**
     * Counts an ending of access made where no node sees it (the admin command's suspension, which
     * deletes the account's sessions): each node reads the count within app.recheck and drops its
     * cached tokens, as it does for an app revoked by the command, instead of honouring them 30 s.
     */
    public void accessEnded() {
        db.writeVoid(h -> h.execute(BUMP_VERSION));
    }

    /** Counts the changes above (rotate, revoke, revoke-before, accessEnded): one row, read to know whether caches still hold. */
    public long version() {
        return db.read(h -> h.createQuery(VERSION).mapTo(Long.class).findOne().orElse(0L));
    }

    public Optional<Account> user(String appId, String externalId) {
        return db.read(h -> user(h, appId, externalId));
    }

    Optional<Account> user(Handle h, String appId, String externalId) {
        return h.createQuery(USER).bind(0, appId).bind(1, externalId)
                .map((rs, c) -> JdbcAccountStore.map(rs)).findOne();
    }

    /** An app's user as its graph needs it: the account's id and kind, by the app's id. */
    record UserRef(String id, String externalId, String kind) {
        boolean isBusiness() {
            return Account.BUSINESS.equals(kind);
        }
    }

    /** The app's users among these external ids, by external id (three columns: an import reads millions). */
    Map<String, UserRef> userRefs(Handle h, String appId, Collection<String> externalIds) {
        if (externalIds.isEmpty()) {
            return Map.of();
        }
        return h.createQuery(USER_REFS).bind("app", appId).bindList("ids", List.copyOf(externalIds))
                .map((rs, c) -> new UserRef(rs.getString(1), rs.getString(2), rs.getString(3))).list().stream()
                .collect(Collectors.toMap(UserRef::externalId, u -> u));
    }

    public List<String> userIds(String appId) {
        return db.read(h -> h.createQuery(USER_IDS).bind(0, appId).mapTo(String.class).list());
    }

    /** Whether the handle is taken in this app's network (never another's: that would tell who exists there). */
    boolean handleTaken(Handle h, String appId, String handle) {
        return h.createQuery(HANDLE_TAKEN).bind(0, appId).bind(1, handle).mapTo(Integer.class).findOne().isPresent();
    }

    void updateUser(Handle h, Account a, Optional<String> avatarUrl) {
        h.execute(UPDATE_USER, a.handle(), a.displayName(), a.preferredName().orElse(null), a.kind(),
                avatarUrl.orElse(null), a.id());
        dev.parley.account.AccountTerms.write(h, a.id(), a.network(), a.handle(), a.displayName());
    }

    void setAvatar(Handle h, String accountId, Optional<String> avatarUrl) {
        h.execute("UPDATE accounts SET avatar_url = ? WHERE id = ?", avatarUrl.orElse(null), accountId);
    }

    Optional<String> avatar(String accountId) {
        return db.read(h -> h.createQuery(AVATAR).bind(0, accountId).mapTo(String.class).findOne());
    }

    /** Moves the user's revoke-before cutoff to {@code before} unless it is later already; answers the cutoff in force. */
    public Instant setUserTokensBefore(String accountId, Instant before) {
        return Instant.ofEpochMilli(db.write(h -> {
            h.execute(USER_TOKENS_BEFORE, before.toEpochMilli(), accountId, before.toEpochMilli());
            return h.createQuery(READ_USER_TOKENS_BEFORE).bind(0, accountId).mapTo(Long.class).one();
        }));
    }

    public Instant userTokensBefore(String accountId) {
        return Instant.ofEpochMilli(db.read(h -> h.createQuery(READ_USER_TOKENS_BEFORE).bind(0, accountId)
                .mapTo(Long.class).findOne().orElse(0L)));
    }

    /**
     * How an app's user stands: deactivated by the app (its own flag), and suspended by the node's
     * administrators or moderators (theirs, for ever or until a time, which the app cannot lift).
     */
    public record Standing(boolean deactivated, boolean suspended) {}

    public Standing standing(String accountId) {
        return db.read(h -> h.createQuery(STANDING).bind(0, accountId).map((rs, c) -> new Standing(
                rs.getBoolean("app_deactivated"), rs.getBoolean("suspended") || JdbcAccountStore.suspendedNow(rs)))
                .findOne().orElse(new Standing(false, false)));
    }

    /** The app's own deactivation of its user; a suspension by the node's moderators is left as it is. */
    public void setDeactivated(String accountId, boolean deactivated) {
        db.writeVoid(h -> h.execute(SET_DEACTIVATED, deactivated, accountId));
    }

    private static App map(ResultSet rs) throws SQLException {
        return new App(rs.getString("id"), rs.getString("name"), rs.getBoolean("revoked"),
                Instant.ofEpochMilli(rs.getLong("tokens_before")), Instant.ofEpochMilli(rs.getLong("created_at")));
    }
}
