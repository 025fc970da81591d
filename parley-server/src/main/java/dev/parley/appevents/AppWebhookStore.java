package dev.parley.appevents;

import dev.parley.http.Json;
import dev.parley.store.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The table {@code app_webhooks}: each app's one webhook and its delivery progress. Every write of
 * progress is fenced by the lease ({@code lease_owner = ?}): a node that lost the lease writes nothing.
 */
final class AppWebhookStore {
    private static final String COLUMNS = "app_id, url, types, secret, delivered_through, txn_id, txn_last, txn_body, "
            + "attempts, next_attempt_at, last_status, last_error";
    private static final String GET = "SELECT " + COLUMNS + " FROM app_webhooks WHERE app_id = ?";
    // A revoked app's webhook rests: its events stay in the feed, nothing more leaves the server for it.
    private static final String ALL = "SELECT " + COLUMNS + " FROM app_webhooks "
            + "WHERE app_id IN (SELECT id FROM apps WHERE revoked = ?) ORDER BY app_id";
    private static final String INSERT = "INSERT INTO app_webhooks (app_id, url, types, secret, delivered_through, "
            + "created_at) VALUES (?, ?, ?, ?, ?, ?)";
    // A change (a fixed URL, say) is tried at once rather than after the current backoff.
    private static final String UPDATE = "UPDATE app_webhooks SET url = ?, types = ?, secret = ?, next_attempt_at = 0 "
            + "WHERE app_id = ?";
    private static final String DELETE = "DELETE FROM app_webhooks WHERE app_id = ?";
    private static final String CLAIM = "UPDATE app_webhooks SET lease_owner = ?, lease_until = ? WHERE app_id = ? "
            + "AND (lease_owner IS NULL OR lease_owner = ? OR lease_until < ?)";
    private static final String OPEN = "UPDATE app_webhooks SET txn_id = txn_id + 1, txn_last = ?, txn_body = ?, "
            + "attempts = 0, next_attempt_at = 0 WHERE app_id = ? AND lease_owner = ? AND txn_body IS NULL";
    private static final String SKIP = "UPDATE app_webhooks SET delivered_through = ? "
            + "WHERE app_id = ? AND lease_owner = ? AND txn_body IS NULL";
    private static final String FAILED = "UPDATE app_webhooks SET attempts = attempts + 1, next_attempt_at = ?, "
            + "last_status = ?, last_error = ? WHERE app_id = ? AND lease_owner = ? AND txn_id = ?";
    private static final String DONE = "UPDATE app_webhooks SET delivered_through = txn_last, txn_last = NULL, "
            + "txn_body = NULL, attempts = 0, next_attempt_at = 0, last_status = ?, last_error = NULL "
            + "WHERE app_id = ? AND lease_owner = ? AND txn_id = ?";
    private static final String RELEASE = "UPDATE app_webhooks SET lease_owner = NULL, lease_until = 0 WHERE lease_owner = ?";

    /**
     * A webhook and where its delivery stands: {@code txnBody} is the transaction in flight (null
     * when none), numbered {@code txnId} and ending at event {@code txnLast}.
     */
    record Hook(String appId, String url, List<String> types, String secret, long deliveredThrough, long txnId,
                Long txnLast, String txnBody, long attempts, Instant nextAttemptAt, Integer lastStatus,
                String lastError) {
        boolean wants(String type) {
            return types.isEmpty() || types.contains(type);
        }
    }

    private final Database db;

    AppWebhookStore(Database db) {
        this.db = db;
    }

    Optional<Hook> get(String appId) {
        return db.read(h -> h.createQuery(GET).bind(0, appId).map((rs, c) -> map(rs)).findOne());
    }

    List<Hook> all() {
        return db.read(h -> h.createQuery(ALL).bind(0, false).map((rs, c) -> map(rs)).list());
    }

    /** Registers or changes the app's webhook; a new one starts after the feed's newest event. */
    boolean put(String appId, String url, List<String> types, String secret, long startAfter, Instant now) {
        String typesJson = Json.write(types);
        return db.write(h -> {
            if (h.execute(UPDATE, url, typesJson, secret, appId) > 0) {
                return false;
            }
            h.execute(INSERT, appId, url, typesJson, secret, startAfter, now.toEpochMilli());
            return true;
        });
    }

    boolean delete(String appId) {
        return db.write(h -> h.execute(DELETE, appId) > 0);
    }

    boolean claim(String appId, String owner, Instant now, Instant until) {
        return db.write(h -> h.execute(CLAIM, owner, until.toEpochMilli(), appId, owner, now.toEpochMilli()) > 0);
    }

    boolean open(String appId, String owner, long last, String body) {
        return db.write(h -> h.execute(OPEN, last, body, appId, owner) > 0);
    }

    boolean skip(String appId, String owner, long through) {
        return db.write(h -> h.execute(SKIP, through, appId, owner) > 0);
    }

    boolean failed(String appId, String owner, long txnId, Instant next, Integer status, String error) {
        return db.write(h -> h.execute(FAILED, next.toEpochMilli(), status == null ? 0 : status, error, appId, owner, txnId) > 0);
    }

    boolean done(String appId, String owner, long txnId, int status) {
        return db.write(h -> h.execute(DONE, status, appId, owner, txnId) > 0);
    }

    void release(String owner) {
        db.writeVoid(h -> h.execute(RELEASE, owner));
    }

    private static Hook map(ResultSet rs) throws SQLException {
        long txnLast = rs.getLong(7);
        Long last = rs.wasNull() ? null : txnLast;
        int status = rs.getInt(11);
        Integer lastStatus = status == 0 ? null : status; // 0: no answer (the exchange failed)
        String[] types;
        try {
            types = Json.MAPPER.readValue(rs.getString(3), String[].class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException("bad types of app webhook " + rs.getString(1), e);
        }
        return new Hook(rs.getString(1), rs.getString(2), Arrays.asList(types), rs.getString(4), rs.getLong(5),
                rs.getLong(6), last, rs.getString(8), rs.getLong(9), Instant.ofEpochMilli(rs.getLong(10)),
                lastStatus, rs.getString(12));
    }
}
