package dev.parley.business;

import dev.parley.store.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Saved replies on SQLite or PostgreSQL alike; the body is stored as written, parsed on use. */
final class SavedReplyStore {
    private static final String COLUMNS = "id, shortcut, title, body, created_by, created_at, updated_at";
    private static final String INSERT = "INSERT INTO saved_replies (id, business_id, shortcut, title, body, created_by, "
            + "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String GET = "SELECT " + COLUMNS + " FROM saved_replies WHERE business_id = ? AND id = ?";
    private static final String LIST = "SELECT " + COLUMNS + " FROM saved_replies WHERE business_id = :business "
            + "AND shortcut LIKE :prefix ESCAPE '\\' AND shortcut > :after ORDER BY shortcut LIMIT :limit";
    private static final String UPDATE = "UPDATE saved_replies SET shortcut = ?, title = ?, body = ?, updated_at = ? "
            + "WHERE business_id = ? AND id = ?";
    private static final String DELETE = "DELETE FROM saved_replies WHERE business_id = ? AND id = ?";

    /** A row as stored: the body not yet parsed. */
    record Row(String id, String shortcut, String title, String body, String createdBy, Instant createdAt,
               Instant updatedAt) {}

    private final Database db;

    SavedReplyStore(Database db) {
        this.db = db;
    }

    void insert(String businessId, Row r) {
        db.writeVoid(h -> h.execute(INSERT, r.id(), businessId, r.shortcut(), r.title(), r.body(), r.createdBy(),
                r.createdAt().toEpochMilli(), r.updatedAt().toEpochMilli()));
    }

    Optional<Row> get(String businessId, String id) {
        return db.read(h -> h.createQuery(GET).bind(0, businessId).bind(1, id).map((rs, c) -> map(rs)).findOne());
    }

    /** @param prefix shortcuts starting with it ('_' is a LIKE wildcard, so it is escaped; '%' can't occur) */
    List<Row> list(String businessId, String prefix, String after, int limit) {
        String like = prefix.replace("_", "\\_") + "%";
        return db.read(h -> h.createQuery(LIST).bind("business", businessId).bind("prefix", like)
                .bind("after", after).bind("limit", limit).map((rs, c) -> map(rs)).list());
    }

    boolean update(String businessId, Row r) {
        return db.write(h -> h.execute(UPDATE, r.shortcut(), r.title(), r.body(), r.updatedAt().toEpochMilli(),
                businessId, r.id())) > 0;
    }

    boolean delete(String businessId, String id) {
        return db.write(h -> h.execute(DELETE, businessId, id)) > 0;
    }

    private static Row map(ResultSet rs) throws SQLException {
        return new Row(rs.getString("id"), rs.getString("shortcut"), rs.getString("title"), rs.getString("body"),
                rs.getString("created_by"), Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("updated_at")));
    }
}
