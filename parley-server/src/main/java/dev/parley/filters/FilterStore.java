package dev.parley.filters;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** The owner of {@code node_filters} and {@code filters_version}; every method joins the caller's handle. */
final class FilterStore {
    private static final String COLUMNS = "id, kind, pattern, action, created_by, created_at";
    private static final String INSERT = "INSERT INTO node_filters (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)";
    private static final String EXISTS = "SELECT 1 FROM node_filters WHERE kind = ? AND pattern = ?";
    private static final String ALL = "SELECT " + COLUMNS + " FROM node_filters ORDER BY id";
    private static final String PAGE = "SELECT " + COLUMNS + " FROM node_filters WHERE id > ? ORDER BY id LIMIT ?";
    private static final String DELETE = "DELETE FROM node_filters WHERE id = ?";
    private static final String VERSION = "SELECT version FROM filters_version WHERE id = 'filters'";
    private static final String BUMP = "UPDATE filters_version SET version = version + 1 WHERE id = 'filters'";

    boolean exists(Handle h, String kind, String pattern) {
        return h.select(EXISTS, kind, pattern).mapTo(Integer.class).findOne().isPresent();
    }

    void insert(Handle h, FilterEntry e) {
        h.execute(INSERT, e.id(), e.kind(), e.pattern(), e.action(), e.createdBy(), e.createdAt().toEpochMilli());
    }

    boolean delete(Handle h, String id) {
        return h.execute(DELETE, id) > 0;
    }

    List<FilterEntry> all(Handle h) {
        return h.createQuery(ALL).map((rs, c) -> map(rs)).list();
    }

    /** Up to {@code limit} filters after the id {@code after} (ids sort by creation time). */
    List<FilterEntry> page(Handle h, String after, int limit) {
        return h.select(PAGE, after, limit).map((rs, c) -> map(rs)).list();
    }

    long version(Handle h) {
        return h.createQuery(VERSION).mapTo(Long.class).findOne().orElse(0L);
    }

    /** Tells every node (at its next recheck) to reload the filters. */
    void bump(Handle h) {
        h.execute(BUMP);
    }


    private static FilterEntry map(ResultSet rs) throws SQLException {
        return new FilterEntry(rs.getString("id"), rs.getString("kind"), rs.getString("pattern"), rs.getString("action"),
                rs.getString("created_by"), Instant.ofEpochMilli(rs.getLong("created_at")));
    }
}
