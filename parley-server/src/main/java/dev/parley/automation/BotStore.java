package dev.parley.automation;

import dev.parley.store.Database;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;

/**
 * Bots, their delivery log, and the lease that lets one node at a time deliver a bot's webhooks.
 *
 * @implNote Every write that moves a bot's delivery on (the cursor, a line of the log) is fenced
 * by the lease: it happens only while {@code lease_owner} is still the writer, checked in the same
 * transaction. On PostgreSQL the fencing UPDATE also locks the bot's row until commit, so a node
 * taking the lease over waits for the old holder's last write and then reads its cursor.
 */
public final class BotStore {
    private static final String COLUMNS = "id, business_id, name, url, secret, cursor, created_at";
    private static final String INSERT = "INSERT INTO bots (id, business_id, name, url, secret, token_hash, cursor, created_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String OF_BUSINESS = "SELECT " + COLUMNS + " FROM bots WHERE business_id = ? ORDER BY created_at";
    private static final String ALL = "SELECT " + COLUMNS + " FROM bots";
    private static final String BY_TOKEN = "SELECT business_id FROM bots WHERE token_hash = ?";
    private static final String DELETE = "DELETE FROM bots WHERE id = ? AND business_id = ?";
    /** Exactly one node's UPDATE matches: a free or run-out lease, or the holder's own. */
    private static final String CLAIM = "UPDATE bots SET lease_owner = ?, lease_until = ? WHERE id = ? "
            + "AND (lease_owner IS NULL OR lease_owner = ? OR lease_until <= ?)";
    /** Only the holder renews; a lease that was lost (even one given back meanwhile) must be claimed afresh. */
    private static final String RENEW = "UPDATE bots SET lease_until = ? WHERE id = ? AND lease_owner = ?";
    /** The fence: matches only while the writer holds the lease, and locks the row on PostgreSQL. */
    private static final String FENCE = "UPDATE bots SET lease_until = lease_until WHERE id = ? AND lease_owner = ?";
    private static final String CURSOR = "SELECT cursor FROM bots WHERE id = ?";
    private static final String RELEASE = "UPDATE bots SET lease_owner = NULL, lease_until = 0 WHERE lease_owner = ?";
    private static final String LEASE = "SELECT lease_owner FROM bots WHERE id = ?";
    /** Never backwards: a cursor only moves on. */
    private static final String ADVANCE = "UPDATE bots SET cursor = ? WHERE id = ? AND cursor < ?";
    private static final String ATTEMPT = "SELECT attempts, next_attempt_at, status FROM webhook_deliveries WHERE bot_id = ? AND token = ?";
    private static final String INSERT_ATTEMPT = "INSERT INTO webhook_deliveries (bot_id, token, event_type, body, status, attempts, "
            + "next_attempt_at, last_status, last_error, created_at, delivered_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)";
    private static final String UPDATE_ATTEMPT = "UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1, "
            + "next_attempt_at = ?, last_status = ?, last_error = ?, delivered_at = ? WHERE bot_id = ? AND token = ?";
    private static final String LOG = "SELECT token, event_type, status, attempts, last_status, last_error, created_at, "
            + "delivered_at FROM webhook_deliveries WHERE bot_id = ? ORDER BY token DESC LIMIT ?";

    private final Database db;

    public BotStore(Database db) {
        this.db = db;
    }

    public record Bot(String id, String businessId, String name, String url, String secret, long cursor, Instant createdAt) {}

    /** The state of one event's delivery to one bot. */
    public record Attempt(int attempts, Instant nextAttemptAt, String status) {}

    /** One line of the delivery log the business reads. */
    public record LogEntry(long token, String eventType, String status, int attempts, Integer lastStatus,
                           String lastError, Instant createdAt, Instant deliveredAt) {}

    public void insert(Bot b, String tokenHash) {
        db.writeVoid(h -> h.execute(INSERT, b.id(), b.businessId(), b.name(), b.url(), b.secret(), tokenHash, b.cursor(),
                b.createdAt().toEpochMilli()));
    }

    public List<Bot> ofBusiness(String businessId) {
        return db.read(h -> h.createQuery(OF_BUSINESS).bind(0, businessId).map((rs, c) -> map(rs)).list());
    }

    public List<Bot> all() {
        return db.read(h -> h.createQuery(ALL).map((rs, c) -> map(rs)).list());
    }

    public Optional<String> businessOfToken(String tokenHash) {
        return db.read(h -> h.createQuery(BY_TOKEN).bind(0, tokenHash).mapTo(String.class).findOne());
    }

    public boolean delete(String botId, String businessId) {
        return db.write(h -> h.execute(DELETE, botId, businessId) > 0);
    }

    /**
     * Claims the bot's lease for {@code owner} until {@code until}, or renews it when {@code owner}
     * holds it already; fails while another node holds a lease that has not run out at {@code now}.
     *
     * @return the bot's cursor as it stands once the lease is held (the last holder's progress)
     */
    public OptionalLong claim(String botId, String owner, Instant now, Instant until) {
        return db.write(h -> {
            if (h.execute(CLAIM, owner, until.toEpochMilli(), botId, owner, now.toEpochMilli()) == 0) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(h.createQuery(CURSOR).bind(0, botId).mapTo(Long.class).one());
        });
    }

    /** Extends a lease {@code owner} still holds; false when it was lost (or the bot is gone). */
    public boolean renew(String botId, String owner, Instant until) {
        return db.write(h -> h.execute(RENEW, until.toEpochMilli(), botId, owner) == 1);
    }

    /** Gives back every lease {@code owner} holds, so other nodes take over at once (a graceful stop). */
    public void release(String owner) {
        db.writeVoid(h -> h.execute(RELEASE, owner));
    }

    /** Who holds the bot's lease now, if anyone (it may have run out). */
    public Optional<String> leaseOwner(String botId) {
        return db.read(h -> h.createQuery(LEASE).bind(0, botId).mapTo(String.class).findOne());
    }

    /**
     * Moves the cursor on to {@code token} (never back), if {@code owner} still holds the lease.
     *
     * @return false when the lease was lost: the caller must stop delivering this bot
     */
    public boolean advance(String botId, String owner, long token) {
        return db.write(h -> fenced(h, botId, owner) && advance(h, botId, token));
    }

    private static boolean fenced(Handle h, String botId, String owner) {
        return h.execute(FENCE, botId, owner) == 1;
    }

    private static boolean advance(Handle h, String botId, long token) {
        h.execute(ADVANCE, token, botId, token);
        return true;
    }

    public Optional<Attempt> attempt(String botId, long token) {
        return db.read(h -> h.createQuery(ATTEMPT).bind(0, botId).bind(1, token)
                .map((rs, c) -> new Attempt(rs.getInt(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3))).findOne());
    }

    /**
     * Records one attempt, if {@code owner} still holds the lease: the first creates the log line,
     * later ones update it. An event that is done with (delivered or given up) moves the cursor past
     * it in the same transaction, so the log and the cursor never disagree.
     *
     * @return false when the lease was lost: nothing was written, and the caller must stop
     */
    public boolean recordAttempt(String botId, String owner, long token, String type, String body, boolean first,
                                 String status, Instant next, Integer httpStatus, String error, Instant now) {
        Long delivered = "delivered".equals(status) ? now.toEpochMilli() : null;
        return db.write(h -> {
            if (!fenced(h, botId, owner)) {
                return false;
            }
            if (first) {
                h.execute(INSERT_ATTEMPT, botId, token, type, body, status, next.toEpochMilli(), httpStatus, error,
                        now.toEpochMilli(), delivered);
            } else {
                h.execute(UPDATE_ATTEMPT, status, next.toEpochMilli(), httpStatus, error, delivered, botId, token);
            }
            return "pending".equals(status) || advance(h, botId, token);
        });
    }

    public List<LogEntry> log(String botId, int limit) {
        return db.read(h -> h.createQuery(LOG).bind(0, botId).bind(1, limit).map((rs, c) -> {
            int st = rs.getInt("last_status");
            Integer lastStatus = rs.wasNull() ? null : st;
            long d = rs.getLong("delivered_at");
            Instant deliveredAt = rs.wasNull() ? null : Instant.ofEpochMilli(d);
            return new LogEntry(rs.getLong("token"), rs.getString("event_type"), rs.getString("status"),
                    rs.getInt("attempts"), lastStatus, rs.getString("last_error"),
                    Instant.ofEpochMilli(rs.getLong("created_at")), deliveredAt);
        }).list());
    }

    private static Bot map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Bot(rs.getString("id"), rs.getString("business_id"), rs.getString("name"), rs.getString("url"),
                rs.getString("secret"), rs.getLong("cursor"), Instant.ofEpochMilli(rs.getLong("created_at")));
    }
}
