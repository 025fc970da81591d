package dev.parley.push;

import dev.parley.store.Database;
import dev.parley.store.Dialect;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** People's push devices: the one owner of {@code push_devices}. */
final class DeviceStore {
    private static final String COLUMNS = "id, account_id, kind, address, p256dh, auth, created_at";
    private static final String BY_ADDRESS = "SELECT " + COLUMNS + " FROM push_devices WHERE address = ?";
    private static final String OF_ACCOUNT = "SELECT " + COLUMNS + " FROM push_devices WHERE account_id = ? ORDER BY created_at, id";
    /**
     * The devices a push may go to: a Web Push subscription only while the session that registered it
     * lives (a browser whose session ended elsewhere still holds its subscription, and would go on
     * showing senders and texts to whoever has it now).
     */
    private static final String OF_ACCOUNT_KIND = "SELECT " + COLUMNS + " FROM push_devices d WHERE account_id = ? AND kind = ? "
            + "AND (session_hash IS NULL OR EXISTS (SELECT 1 FROM sessions s WHERE s.token_hash = d.session_hash)) "
            + "ORDER BY created_at, id";
    private static final String COUNT = "SELECT COUNT(*) FROM push_devices WHERE account_id = ?";
    /** Registrations of one account wait for each other on PostgreSQL, so the cap holds under a race. */
    private static final String LOCK_ACCOUNT = "SELECT id FROM accounts WHERE id = ? FOR UPDATE";
    private static final String INSERT = "INSERT INTO push_devices (" + COLUMNS + ", session_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UPDATE_KEYS = "UPDATE push_devices SET p256dh = ?, auth = ?, session_hash = ? WHERE id = ?";
    private static final String DELETE_OWN = "DELETE FROM push_devices WHERE id = ? AND account_id = ?";
    private static final String DELETE = "DELETE FROM push_devices WHERE id = ?";
    private static final String PAUSE = "UPDATE push_devices SET paused_until = ? WHERE id = ? AND paused_until < ?";

    private final Database db;

    DeviceStore(Database db) {
        this.db = db;
    }

    Database db() {
        return db;
    }

    Optional<Device> byAddress(Handle h, String address) {
        return h.createQuery(BY_ADDRESS).bind(0, address).map((rs, c) -> map(rs)).findOne();
    }

    /** Locks the account's registrations (PostgreSQL; SQLite's writer is one at a time) and counts them. */
    int lockAndCount(Handle h, String accountId) {
        if (db.dialect() == Dialect.POSTGRES) {
            h.createQuery(LOCK_ACCOUNT).bind(0, accountId).mapTo(String.class).findOne();
        }
        return h.createQuery(COUNT).bind(0, accountId).mapTo(Integer.class).one();
    }

    /** @param sessionHash the registering session's token hash, or null (see {@link #OF_ACCOUNT_KIND}) */
    void insert(Handle h, Device d, String sessionHash) {
        h.execute(INSERT, d.id(), d.accountId(), d.kind(), d.address(), d.p256dh(), d.auth(), d.createdAt().toEpochMilli(),
                sessionHash);
    }

    /** The same browser registering again: its keys, and the session it now lives by. */
    void updateKeys(Handle h, String id, String p256dh, String auth, String sessionHash) {
        h.execute(UPDATE_KEYS, p256dh, auth, sessionHash, id);
    }

    void delete(Handle h, String id) {
        h.execute(DELETE, id); // its queued pushes go with it (ON DELETE CASCADE)
    }

    List<Device> ofAccount(String accountId) {
        return db.read(h -> h.createQuery(OF_ACCOUNT).bind(0, accountId).map((rs, c) -> map(rs)).list());
    }

    List<Device> ofAccount(String accountId, String kind) {
        return db.read(h -> h.createQuery(OF_ACCOUNT_KIND).bind(0, accountId).bind(1, kind).map((rs, c) -> map(rs)).list());
    }

    boolean deleteOwn(String id, String accountId) {
        return db.write(h -> h.execute(DELETE_OWN, id, accountId) > 0);
    }

    /** Sends nothing to this device before {@code until} (its push service asked to wait, or failed). */
    void pause(Handle h, String id, Instant until) {
        h.execute(PAUSE, until.toEpochMilli(), id, until.toEpochMilli());
    }

    private static Device map(ResultSet rs) throws SQLException {
        return new Device(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), Instant.ofEpochMilli(rs.getLong(7)));
    }
}
