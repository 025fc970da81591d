package dev.parley.datarights;

import dev.parley.account.Account;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The erasure jobs' table: claims under a lease, progress, the tombstone written at request. */
final class ErasureStore implements LeasedJobs {
    private static final String COLUMNS = "id, account_id, requested_by, app_id, external_id, status, step, "
            + "cursor_account, cursor_token, messages_erased, events_stripped, handle_release_at, handle_released, "
            + "created_at, finished_at";
    private static final String INSERT = "INSERT INTO erasure_jobs (id, account_id, requested_by, app_id, external_id, "
            + "status, step, handle_release_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** The tombstone: profile blanked, signed out for good, the app's id for the user let go. */
    private static final String TOMBSTONE = "UPDATE accounts SET erased_at = ?, suspended = ?, password_hash = NULL, "
            + "display_name = '" + Account.ERASED_NAME + "', preferred_name = NULL, avatar_url = NULL, bio = NULL, avatar_upload_id = NULL, hidden_words = '[]', "
            + "external_id = NULL, tokens_before = ? WHERE id = ? AND erased_at IS NULL";
    private static final String DELETE_SESSIONS = "DELETE FROM sessions WHERE account_id = ?";
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM erasure_jobs WHERE id = ?";
    private static final String BY_ACCOUNT = "SELECT " + COLUMNS + " FROM erasure_jobs WHERE account_id = ? "
            + "ORDER BY created_at DESC LIMIT 1";
    private static final String CLAIMABLE = "SELECT id FROM erasure_jobs WHERE status = 'running' AND lease_until < ? "
            + "ORDER BY created_at LIMIT 5";
    private static final String RELEASE = "UPDATE erasure_jobs SET lease_until = 0 WHERE lease_owner = ? AND status = 'running'";
    private static final String CLAIM = "UPDATE erasure_jobs SET lease_owner = ?, lease_until = ? WHERE id = ? "
            + "AND status = 'running' AND (lease_until < ? OR lease_owner = ?)";
    private static final String ADVANCE = "UPDATE erasure_jobs SET step = ?, cursor_account = ?, cursor_token = ?, "
            + "messages_erased = messages_erased + ?, events_stripped = events_stripped + ?, lease_until = ?, "
            + "updated_at = ? WHERE id = ? AND lease_owner = ?";
    private static final String FINISH = "UPDATE erasure_jobs SET status = 'done', step = 'done', finished_at = ?, "
            + "updated_at = ?, lease_owner = NULL, lease_until = 0 WHERE id = ? AND lease_owner = ?";
    private static final String DUE_HANDLES = "SELECT account_id FROM erasure_jobs WHERE status = 'done' "
            + "AND handle_released = ? AND handle_release_at <= ? LIMIT 100";
    /** A handle no sign-up can choose ('~' is not allowed in handles): the old one is free again. */
    private static final String FREE_HANDLE = "UPDATE accounts SET handle = '~' || id WHERE id = ? AND erased_at IS NOT NULL";
    private static final String HANDLE_FREED = "UPDATE erasure_jobs SET handle_released = ? WHERE account_id = ?";

    private static final String ERASED = "SELECT COUNT(*) FROM accounts WHERE id = ? AND erased_at IS NOT NULL";

    boolean erased(Handle h, String accountId) {
        return h.createQuery(ERASED).bind(0, accountId).mapTo(Long.class).one() > 0;
    }

    boolean tombstone(Handle h, String accountId, Instant now) {
        if (h.execute(TOMBSTONE, now.toEpochMilli(), true, now.toEpochMilli(), accountId) == 0) {
            return false;
        }
        h.execute(DELETE_SESSIONS, accountId);
        dev.parley.account.AccountTerms.forget(h, accountId); // no longer found by people search
        return true;
    }

    void insert(Handle h, ErasureJob j, Instant now) {
        h.execute(INSERT, j.id(), j.accountId(), j.requestedBy(), j.appId(), j.externalId(), j.status(), j.step(),
                j.handleReleaseAt().toEpochMilli(), now.toEpochMilli(), now.toEpochMilli());
    }

    Optional<ErasureJob> byId(Handle h, String id) {
        return h.createQuery(BY_ID).bind(0, id).map((rs, c) -> map(rs)).findOne();
    }

    Optional<ErasureJob> latestOf(Handle h, String accountId) {
        return h.createQuery(BY_ACCOUNT).bind(0, accountId).map((rs, c) -> map(rs)).findOne();
    }

    @Override
    public List<String> claimable(Handle h, Instant now) {
        return h.createQuery(CLAIMABLE).bind(0, now.toEpochMilli()).mapTo(String.class).list();
    }

    /** One conditional UPDATE: of several nodes, one wins; the holder may renew. */
    @Override
    public boolean claim(Handle h, String id, String node, Instant now, Instant until) {
        return h.execute(CLAIM, node, until.toEpochMilli(), id, now.toEpochMilli(), node) > 0;
    }

    @Override
    public void release(Handle h, String node) {
        h.execute(RELEASE, node);
    }

    /** Records a batch's progress, fenced by the lease: false if another node took the job over. */
    boolean advance(Handle h, ErasureJob j, String step, String cursorAccount, long cursorToken, long messages,
                    long events, String node, Instant now, Instant leaseUntil) {
        return h.execute(ADVANCE, step, cursorAccount, cursorToken, messages, events, leaseUntil.toEpochMilli(),
                now.toEpochMilli(), j.id(), node) > 0;
    }

    boolean finish(Handle h, ErasureJob j, String node, Instant now) {
        return h.execute(FINISH, now.toEpochMilli(), now.toEpochMilli(), j.id(), node) > 0;
    }

    List<String> dueHandles(Handle h, Instant now) {
        return h.createQuery(DUE_HANDLES).bind(0, false).bind(1, now.toEpochMilli()).mapTo(String.class).list();
    }

    void freeHandle(Handle h, String accountId) {
        h.execute(FREE_HANDLE, accountId);
        h.execute(HANDLE_FREED, true, accountId);
    }

    private static ErasureJob map(ResultSet rs) throws SQLException {
        long finished = rs.getLong("finished_at");
        Instant finishedAt = rs.wasNull() ? null : Instant.ofEpochMilli(finished);
        return new ErasureJob(rs.getString("id"), rs.getString("account_id"), rs.getString("requested_by"),
                rs.getString("app_id"), rs.getString("external_id"), rs.getString("status"), rs.getString("step"),
                rs.getString("cursor_account"), rs.getLong("cursor_token"), rs.getLong("messages_erased"),
                rs.getLong("events_stripped"), Instant.ofEpochMilli(rs.getLong("handle_release_at")),
                rs.getBoolean("handle_released"), Instant.ofEpochMilli(rs.getLong("created_at")), finishedAt);
    }
}
