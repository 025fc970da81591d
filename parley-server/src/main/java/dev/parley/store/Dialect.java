package dev.parley.store;

import java.sql.SQLException;
import java.util.Map;

/** What differs between the two stores; everything else is shared SQL. */
public enum Dialect {
    SQLITE("db/sqlite", Map.of("bigint", "INTEGER", "boolean", "INTEGER", "false", "0", "double", "REAL")),
    POSTGRES("db/postgresql",
            Map.of("bigint", "BIGINT", "boolean", "BOOLEAN", "false", "FALSE", "double", "DOUBLE PRECISION"));

    /** The migrations both databases share, written with the placeholders below for column types. */
    private static final String COMMON = "classpath:db/common";

    private final String migrations;
    private final Map<String, String> types;

    Dialect(String migrations, Map<String, String> types) {
        this.migrations = migrations;
        this.types = types;
    }

    /**
     * Where Flyway finds this database's migrations: the shared tree and this database's own
     * folder, numbered as one history (a version lives in exactly one of the two).
     */
    public String[] migrationLocations() {
        return new String[] {COMMON, "classpath:" + migrations};
    }

    /**
     * The Flyway placeholders the shared migrations use for column types: on SQLite a 64-bit
     * integer and a boolean are both INTEGER, on PostgreSQL BIGINT and BOOLEAN.
     */
    public Map<String, String> columnTypes() {
        return types;
    }

    public static Dialect of(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:postgresql:") ? POSTGRES : SQLITE;
    }

    /** True when the statement broke a UNIQUE or PRIMARY KEY constraint. */
    public boolean isUniqueViolation(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException e) {
                if (this == POSTGRES && "23505".equals(e.getSQLState())) {
                    return true;
                }
                if (this == SQLITE && e.getErrorCode() == 19 && String.valueOf(e.getMessage()).contains("UNIQUE")) {
                    return true;
                }
                if (this == SQLITE && String.valueOf(e.getMessage()).contains("SQLITE_CONSTRAINT_PRIMARYKEY")) {
                    return true;
                }
            }
        }
        return false;
    }
}
