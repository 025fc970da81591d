package dev.parley.automation;

import dev.parley.store.Database;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Bots and their delivery log. */
public final class BotStore {
    private static final String COLUMNS = "id, business_id, name, url, secret, cursor, created_at";
    private static final String INSERT = "INSERT INTO bots (id, business_id, name, url, secret, token_hash, cursor, created_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String OF_BUSINESS = "SELECT " + COLUMNS + " FROM bots WHERE business_id = ? ORDER BY created_at";
    private static final String ALL = "SELECT " + COLUMNS + " FROM bots";
    private static final String BY_TOKEN = "SELECT business_id FROM bots WHERE token_hash = ?";
    private static final String DELETE = "DELETE FROM bots WHERE id = ? AND business_id = ?";
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

    public void advance(String botId, long token) {
        db.writeVoid(h -> h.execute(ADVANCE, token, botId, token));
    }

    public Optional<Attempt> attempt(String botId, long token) {
        return db.read(h -> h.createQuery(ATTEMPT).bind(0, botId).bind(1, token)
                .map((rs, c) -> new Attempt(rs.getInt(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3))).findOne());
    }

    /** Records one attempt: the first creates the log line, later ones update it. */
    public void recordAttempt(String botId, long token, String type, String body, boolean first, String status,
                              Instant next, Integer httpStatus, String error, Instant now) {
        Long delivered = "delivered".equals(status) ? now.toEpochMilli() : null;
        db.writeVoid(h -> {
            if (first) {
                h.execute(INSERT_ATTEMPT, botId, token, type, body, status, next.toEpochMilli(), httpStatus, error,
                        now.toEpochMilli(), delivered);
            } else {
                h.execute(UPDATE_ATTEMPT, status, next.toEpochMilli(), httpStatus, error, delivered, botId, token);
            }
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
