package dev.parley.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.opentest4j.TestAbortedException;

/**
 * Which store the suite runs on ({@code -Dparley.test.store=sqlite|postgres}; Maven runs it once
 * for each), and fresh PostgreSQL schemas for it: one per node group, dropped afterwards.
 * Without a reachable PostgreSQL the PostgreSQL run is skipped with a message, unless
 * {@code PARLEY_TEST_REQUIRE_POSTGRES=true} (CI), where it fails.
 */
public final class TestStores {
    public static final String ADMIN_URL = System.getProperty("parley.test.postgres",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private TestStores() {}

    public static boolean postgres() {
        return "postgres".equals(System.getProperty("parley.test.store", "sqlite").toLowerCase(Locale.ROOT));
    }

    /** Creates an empty schema and answers a JDBC URL whose default schema it is. */
    public static String freshPostgresSchema() {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(ADMIN_URL); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            if ("true".equalsIgnoreCase(System.getenv("PARLEY_TEST_REQUIRE_POSTGRES"))) {
                throw new IllegalStateException("PostgreSQL is required here but unreachable at " + ADMIN_URL, e);
            }
            throw new TestAbortedException("PostgreSQL not reachable at " + ADMIN_URL + " (" + e.getMessage()
                    + "); skipping the PostgreSQL run. Start it, or set PARLEY_TEST_REQUIRE_POSTGRES=true to fail instead.");
        }
        String sep = ADMIN_URL.contains("?") ? "&" : "?";
        return ADMIN_URL + sep + "currentSchema=" + schema;
    }

    public static void dropSchema(String url) {
        String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
        try (Connection c = DriverManager.getConnection(ADMIN_URL); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop test schema " + schema, e);
        }
    }
}
