package dev.parley.datarights;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The export jobs' table. */
final class ExportStore implements LeasedJobs {
    private static final String COLUMNS = "id, account_id, requested_by, app_id, status, file_name, size_bytes, "
            + "created_at, ready_at, expires_at";
    private static final String INSERT = "INSERT INTO export_jobs (id, account_id, requested_by, app_id, status, "
            + "created_at) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM export_jobs WHERE id = ?";
    private static final String LAST_OWN = "SELECT MAX(created_at) FROM export_jobs WHERE account_id = ? "
            + "AND requested_by = 'self'";
    private static final String CLAIMABLE = "SELECT id FROM export_jobs WHERE status = 'pending' AND lease_until < ? "
            + "ORDER BY created_at LIMIT 5";
    private static final String CLAIM = "UPDATE export_jobs SET lease_owner = ?, lease_until = ? WHERE id = ? "
            + "AND status = 'pending' AND lease_until < ?";
    private static final String READY = "UPDATE export_jobs SET status = 'ready', file_name = ?, size_bytes = ?, "
            + "ready_at = ?, expires_at = ?, lease_owner = NULL, lease_until = 0 WHERE id = ? AND lease_owner = ?";
    private static final String FAILED = "UPDATE export_jobs SET status = 'failed', lease_owner = NULL, lease_until = 0 "
            + "WHERE id = ? AND lease_owner = ?";
    private static final String DUE = "SELECT " + COLUMNS + " FROM export_jobs WHERE status = 'ready' AND expires_at <= ? "
            + "LIMIT 100";
    private static final String EXPIRE = "UPDATE export_jobs SET status = 'expired', file_name = NULL WHERE id = ?";
    private static final String OF_ACCOUNT = "SELECT " + COLUMNS + " FROM export_jobs WHERE account_id = ? "
            + "AND status = 'ready'";
    private static final String RELEASE = "UPDATE export_jobs SET lease_until = 0 WHERE lease_owner = ? AND status = 'pending'";

    void insert(Handle h, ExportJob j) {
        h.execute(INSERT, j.id(), j.accountId(), j.requestedBy(), j.appId(), j.status(), j.createdAt().toEpochMilli());
    }

    Optional<ExportJob> byId(Handle h, String id) {
        return h.createQuery(BY_ID).bind(0, id).map((rs, c) -> map(rs)).findOne();
    }

    Optional<Instant> lastOwn(Handle h, String accountId) {
        return h.createQuery(LAST_OWN).bind(0, accountId).mapTo(Long.class).findOne().map(Instant::ofEpochMilli);
    }

    @Override
    public List<String> claimable(Handle h, Instant now) {
        return h.createQuery(CLAIMABLE).bind(0, now.toEpochMilli()).mapTo(String.class).list();
    }

    @Override
    public boolean claim(Handle h, String id, String node, Instant now, Instant until) {
        return h.execute(CLAIM, node, until.toEpochMilli(), id, now.toEpochMilli()) > 0;
    }

    boolean ready(Handle h, String id, String node, String fileName, long size, Instant now, Instant expires) {
        return h.execute(READY, fileName, size, now.toEpochMilli(), expires.toEpochMilli(), id, node) > 0;
    }

    void failed(Handle h, String id, String node) {
        h.execute(FAILED, id, node);
    }

    List<ExportJob> due(Handle h, Instant now) {
        return h.createQuery(DUE).bind(0, now.toEpochMilli()).map((rs, c) -> map(rs)).list();
    }

    /** Ready archives of an account: an erasure deletes them with it. */
    List<ExportJob> readyOf(Handle h, String accountId) {
        return h.createQuery(OF_ACCOUNT).bind(0, accountId).map((rs, c) -> map(rs)).list();
    }

    void expire(Handle h, String id) {
        h.execute(EXPIRE, id);
    }

    @Override
    public void release(Handle h, String node) {
        h.execute(RELEASE, node);
    }

    private static Instant at(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    private static ExportJob map(ResultSet rs) throws SQLException {
        long size = rs.getLong("size_bytes");
        Long sizeBytes = rs.wasNull() ? null : size;
        return new ExportJob(rs.getString("id"), rs.getString("account_id"), rs.getString("requested_by"),
                rs.getString("app_id"), rs.getString("status"), rs.getString("file_name"), sizeBytes,
                at(rs, "created_at"), at(rs, "ready_at"), at(rs, "expires_at"));
    }
}
