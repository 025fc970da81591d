package dev.parley.account;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.parley.http.Json;
import dev.parley.store.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** {@link AccountStore} on SQLite or PostgreSQL; the SQL is the same for both. */
public final class JdbcAccountStore implements AccountStore {
    public static final String COLUMNS = "id, handle, display_name, preferred_name, kind, verified, dm_policy, "
            + "read_receipts, hidden_words, is_admin, suspended, created_at, app_id, external_id, suspended_until, "
            + "app_deactivated";
    private static final String INSERT = "INSERT INTO accounts (" + COLUMNS + ", password_hash, network) "
            + "VALUES (:id, :handle, :display_name, :preferred_name, :kind, :verified, :dm_policy, "
            + ":read_receipts, :hidden_words, :is_admin, :suspended, :created_at, :app_id, :external_id, "
            + ":suspended_until, :app_deactivated, :password_hash, :network)";
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM accounts WHERE id = ?";
    private static final String BY_HANDLE = "SELECT " + COLUMNS + " FROM accounts WHERE network = ? AND handle = ?";
    private static final String ERASED = "SELECT 1 FROM accounts WHERE id = ? AND erased_at IS NOT NULL";
    private static final String BY_IDS = "SELECT " + COLUMNS + " FROM accounts WHERE id IN (<ids>)";
    private static final String PASSWORD = "SELECT password_hash FROM accounts WHERE id = ?";
    private static final String UPDATE_PROFILE = "UPDATE accounts SET display_name = ?, preferred_name = ? WHERE id = ?";
    private static final String UPDATE_SETTINGS = "UPDATE accounts SET dm_policy = ?, read_receipts = ?, hidden_words = ? WHERE id = ?";
    private static final String SET_ADMIN = "UPDATE accounts SET is_admin = ? WHERE id = ?";
    private static final String SET_SUSPENDED = "UPDATE accounts SET suspended = ? WHERE id = ?";
    private static final String SUSPENDED_UNTIL = "SELECT suspended_until FROM accounts WHERE id = ? AND NOT suspended "
            + "AND suspended_until IS NOT NULL";
    private static final String SET_SUSPENDED_UNTIL = "UPDATE accounts SET suspended = ?, suspended_until = ? WHERE id = ?";
    private static final String INSERT_SESSION = "INSERT INTO sessions (token_hash, account_id, created_at) VALUES (?, ?, ?)";
    private static final String SESSION = "SELECT account_id FROM sessions WHERE token_hash = ?";
    private static final String DELETE_SESSION = "DELETE FROM sessions WHERE token_hash = ?";
    private static final String SESSIONS_OF = "SELECT token_hash FROM sessions WHERE account_id = ?";
    private static final String DELETE_SESSIONS_OF = "DELETE FROM sessions WHERE account_id = ?";
    private static final String OTHER_SESSIONS_OF = "SELECT token_hash FROM sessions WHERE account_id = ? AND token_hash <> ?";
    private static final String DELETE_OTHER_SESSIONS_OF = "DELETE FROM sessions WHERE account_id = ? AND token_hash <> ?";
    private static final String SESSION_ISSUED = "SELECT created_at FROM sessions WHERE token_hash = ?";
    private static final String LIVE_SESSIONS = "SELECT token_hash FROM sessions WHERE token_hash IN (<hashes>)";
    private static final String SET_PASSWORD = "UPDATE accounts SET password_hash = ? WHERE id = ?";
    private static final String INSERT_EXPIRING = "INSERT INTO sessions (token_hash, account_id, created_at, expires_at) "
            + "VALUES (?, ?, ?, ?)";
    private static final String SESSION_ROW = "SELECT account_id, expires_at FROM sessions WHERE token_hash = ?";
    private static final String SESSIONS_BEFORE = "SELECT token_hash FROM sessions WHERE account_id = ? AND created_at < ?";
    private static final String DELETE_SESSIONS_BEFORE = "DELETE FROM sessions WHERE account_id = ? AND created_at < ?";

    private final Database db;
    private final Clock clock;

    public JdbcAccountStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public void insert(Handle h, Account a, String passwordHash) {
        h.createUpdate(INSERT)
                .bind("id", a.id())
                .bind("handle", a.handle())
                .bind("display_name", a.displayName())
                .bind("preferred_name", a.preferredName().orElse(null))
                .bind("kind", a.kind())
                .bind("verified", a.verified())
                .bind("dm_policy", a.dmPolicy())
                .bind("read_receipts", a.readReceipts())
                .bind("hidden_words", Json.write(a.hiddenWords()))
                .bind("is_admin", a.admin())
                .bind("suspended", a.suspended())
                .bind("created_at", a.createdAt().toEpochMilli())
                .bind("app_id", a.appId().orElse(null))
                .bind("external_id", a.externalId().orElse(null))
                .bind("suspended_until", (Long) null)
                .bind("app_deactivated", false)
                .bind("password_hash", passwordHash)
                .bind("network", a.network())
                .execute();
        AccountTerms.write(h, a.id(), a.network(), a.handle(), a.displayName());
    }

    @Override
    public Optional<Account> byId(String id) {
        return db.read(h -> h.createQuery(BY_ID).bind(0, id).map((rs, c) -> map(rs)).findOne());
    }

    @Override
    public Optional<Account> byHandle(String network, String handle) {
        return db.read(h -> h.createQuery(BY_HANDLE).bind(0, network).bind(1, handle).map((rs, c) -> map(rs)).findOne());
    }

    @Override
    public boolean erased(String id) {
        return db.read(h -> h.createQuery(ERASED).bind(0, id).mapTo(Integer.class).findOne().isPresent());
    }

    @Override
    public List<Account> byIds(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return db.read(h -> h.createQuery(BY_IDS).bindList("ids", List.copyOf(ids)).map((rs, c) -> map(rs)).list());
    }

    @Override
    public Optional<String> passwordHash(String accountId) {
        return db.read(h -> h.createQuery(PASSWORD).bind(0, accountId).mapTo(String.class).findOne());
    }

    @Override
    public void updateProfile(String id, String displayName, Optional<String> preferredName) {
        db.writeVoid(h -> {
            h.execute(UPDATE_PROFILE, displayName, preferredName.orElse(null), id);
            h.createQuery("SELECT network, handle FROM accounts WHERE id = ?").bind(0, id)
                    .map((rs, c) -> rs.getString(1) + "\n" + rs.getString(2)).findOne()
                    .ifPresent(nh -> AccountTerms.write(h, id, nh.split("\n")[0], nh.split("\n")[1], displayName));
        });
    }

    @Override
    public void updateSettings(String id, String dmPolicy, boolean readReceipts, List<String> hiddenWords) {
        db.writeVoid(h -> h.execute(UPDATE_SETTINGS, dmPolicy, readReceipts, Json.write(hiddenWords), id));
    }

    @Override
    public void setAdmin(String id, boolean admin) {
        db.writeVoid(h -> h.execute(SET_ADMIN, admin, id));
    }

    @Override
    public void setSuspended(String id, boolean suspended) {
        db.writeVoid(h -> h.execute(SET_SUSPENDED, suspended, id));
    }

    @Override
    public Optional<Instant> suspendedUntil(String id) {
        return db.read(h -> h.select(SUSPENDED_UNTIL, id).mapTo(Long.class).findOne().map(Instant::ofEpochMilli));
    }

    /**
     * The one suspension state: for ever ({@code until} empty and {@code suspended}), until a time,
     * or lifted (false, empty). The caller then ends the account's sessions through the revoker.
     */
    public void setSuspension(String id, boolean suspended, Optional<Instant> until) {
        db.writeVoid(h -> setSuspension(h, id, suspended, until));
    }

    /** {@link #setSuspension(String, boolean, Optional)} in the caller's transaction. */
    public void setSuspension(Handle h, String id, boolean suspended, Optional<Instant> until) {
        h.execute(SET_SUSPENDED_UNTIL, suspended && until.isEmpty(), until.map(Instant::toEpochMilli).orElse(null), id);
    }

    @Override
    public void insertSession(String tokenHash, String accountId) {
        db.writeVoid(h -> h.execute(INSERT_SESSION, tokenHash, accountId, clock.millis()));
    }

    @Override
    public Optional<String> sessionAccount(String tokenHash) {
        return db.read(h -> h.createQuery(SESSION).bind(0, tokenHash).mapTo(String.class).findOne());
    }

    @Override
    public void insertSession(String tokenHash, String accountId, Instant expiresAt) {
        db.writeVoid(h -> h.execute(INSERT_EXPIRING, tokenHash, accountId, clock.millis(), expiresAt.toEpochMilli()));
    }

    @Override
    public Optional<Session> session(String tokenHash) {
        return db.read(h -> h.createQuery(SESSION_ROW).bind(0, tokenHash).map((rs, c) -> {
            Object expires = rs.getObject("expires_at"); // not getLong + wasNull: sqlite-jdbc answers 0, not null
            return new Session(rs.getString("account_id"), expires == null ? Optional.<Instant>empty()
                    : Optional.of(Instant.ofEpochMilli(((Number) expires).longValue())));
        }).findOne());
    }

    @Override
    public List<String> deleteSessionsBefore(String accountId, Instant before) {
        return db.write(h -> {
            List<String> hashes = h.createQuery(SESSIONS_BEFORE).bind(0, accountId).bind(1, before.toEpochMilli())
                    .mapTo(String.class).list();
            h.execute(DELETE_SESSIONS_BEFORE, accountId, before.toEpochMilli());
            return hashes;
        });
    }

    @Override
    public void deleteSession(String tokenHash) {
        db.writeVoid(h -> h.execute(DELETE_SESSION, tokenHash));
    }

    @Override
    public List<String> deleteSessionsOf(String accountId) {
        return db.write(h -> {
            List<String> hashes = h.createQuery(SESSIONS_OF).bind(0, accountId).mapTo(String.class).list();
            h.execute(DELETE_SESSIONS_OF, accountId);
            return hashes;
        });
    }

    @Override
    public List<String> deleteSessionsOfExcept(String accountId, String keepHash) {
        return db.write(h -> {
            List<String> hashes = h.createQuery(OTHER_SESSIONS_OF).bind(0, accountId).bind(1, keepHash)
                    .mapTo(String.class).list();
            h.execute(DELETE_OTHER_SESSIONS_OF, accountId, keepHash);
            return hashes;
        });
    }

    @Override
    public Optional<Instant> sessionIssuedAt(String tokenHash) {
        return db.read(h -> h.createQuery(SESSION_ISSUED).bind(0, tokenHash).mapTo(Long.class).findOne()
                .map(Instant::ofEpochMilli));
    }

    @Override
    public java.util.Set<String> liveSessions(Collection<String> tokenHashes) {
        if (tokenHashes.isEmpty()) {
            return java.util.Set.of();
        }
        return db.read(h -> java.util.Set.copyOf(h.createQuery(LIVE_SESSIONS).bindList("hashes", List.copyOf(tokenHashes))
                .mapTo(String.class).list()));
    }

    @Override
    public void setPasswordHash(String accountId, String passwordHash) {
        db.writeVoid(h -> h.execute(SET_PASSWORD, passwordHash, accountId));
    }

    @Override
    public boolean addEdge(Edge e, String from, String to) {
        String sql = "INSERT INTO " + e.table + " (" + e.fromColumn + ", " + e.toColumn + ", created_at) "
                + "VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
        return db.write(h -> h.execute(sql, from, to, clock.millis()) > 0);
    }

    @Override
    public boolean removeEdge(Edge e, String from, String to) {
        String sql = "DELETE FROM " + e.table + " WHERE " + e.fromColumn + " = ? AND " + e.toColumn + " = ?";
        return db.write(h -> h.execute(sql, from, to) > 0);
    }

    @Override
    public void addEdges(Handle h, Edge e, List<Pair> pairs) {
        org.jdbi.v3.core.statement.PreparedBatch batch = h.prepareBatch("INSERT INTO " + e.table + " ("
                + e.fromColumn + ", " + e.toColumn + ", created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
        long now = clock.millis();
        for (Pair p : pairs) {
            batch.add(p.from(), p.to(), now);
        }
        if (!pairs.isEmpty()) {
            batch.execute();
        }
    }

    @Override
    public void removeEdges(Handle h, Edge e, List<Pair> pairs) {
        org.jdbi.v3.core.statement.PreparedBatch batch = h.prepareBatch("DELETE FROM " + e.table + " WHERE "
                + e.fromColumn + " = ? AND " + e.toColumn + " = ?");
        for (Pair p : pairs) {
            batch.add(p.from(), p.to());
        }
        if (!pairs.isEmpty()) {
            batch.execute();
        }
    }

    @Override
    public boolean hasEdge(Edge e, String from, String to) {
        String sql = "SELECT 1 FROM " + e.table + " WHERE " + e.fromColumn + " = ? AND " + e.toColumn + " = ?";
        return db.read(h -> h.createQuery(sql).bind(0, from).bind(1, to).mapTo(Integer.class).findOne().isPresent());
    }

    @Override
    public long countInbound(Edge e, String to) {
        String sql = "SELECT COUNT(*) FROM " + e.table + " WHERE " + e.toColumn + " = ?";
        return db.read(h -> h.createQuery(sql).bind(0, to).mapTo(Long.class).one());
    }

    @Override
    public List<String> inbound(Edge e, String to) {
        String sql = "SELECT " + e.fromColumn + " FROM " + e.table + " WHERE " + e.toColumn + " = ?";
        return db.read(h -> h.createQuery(sql).bind(0, to).mapTo(String.class).list());
    }

    @Override
    public List<String> outbound(Edge e, String from, String afterId, int limit) {
        String sql = "SELECT " + e.toColumn + " FROM " + e.table + " WHERE " + e.fromColumn + " = ? AND "
                + e.toColumn + " > ? ORDER BY " + e.toColumn + " LIMIT ?";
        return db.read(h -> h.createQuery(sql).bind(0, from).bind(1, afterId).bind(2, limit).mapTo(String.class).list());
    }

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    public static Account map(ResultSet rs) throws SQLException {
        List<String> hidden;
        try {
            hidden = Json.MAPPER.readValue(rs.getString("hidden_words"), STRINGS);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException("bad hidden_words for " + rs.getString("id"), e);
        }
        return new Account(
                rs.getString("id"),
                rs.getString("handle"),
                rs.getString("display_name"),
                Optional.ofNullable(rs.getString("preferred_name")),
                rs.getString("kind"),
                rs.getBoolean("verified"),
                rs.getString("dm_policy"),
                rs.getBoolean("read_receipts"),
                hidden,
                rs.getBoolean("is_admin"),
                // Kept out: suspended by the node's administrators or moderators, or deactivated by its app.
                rs.getBoolean("suspended") || suspendedNow(rs) || rs.getBoolean("app_deactivated"),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                Optional.ofNullable(rs.getString("app_id")),
                Optional.ofNullable(rs.getString("external_id")));
    }

    /** A suspension for a time holds while its end is in the future; then the account is as before. */
    public static boolean suspendedNow(ResultSet rs) throws SQLException {
        return suspendedAt(rs, System.currentTimeMillis());
    }

    /** The same at a given time (epoch millis): a decision taken on its own clock. */
    public static boolean suspendedAt(ResultSet rs, long nowMillis) throws SQLException {
        long until = rs.getLong("suspended_until");
        return !rs.wasNull() && until > nowMillis;
    }
}
