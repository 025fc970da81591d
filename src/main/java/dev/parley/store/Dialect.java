package dev.parley.store;

import java.sql.SQLException;

/** What differs between the two stores; everything else is shared SQL. */
public enum Dialect {
    SQLITE("db/sqlite"),
    POSTGRES("db/postgresql");

    private final String migrations;

    Dialect(String migrations) {
        this.migrations = migrations;
    }

    public String migrationLocation() {
        return "classpath:" + migrations;
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
