package dev.parley.appevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.store.Dialect;
import dev.parley.testing.TestStores;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V207 on a store that already has apps: each of them keeps receiving message.created (it may be
 * reading its feed today), while an app made afterwards starts without; the feed's dedupe key
 * stays unique where it is set.
 */
class AppEventsByUseMigrationTest {

    @Test
    void existingAppsKeepTheirMessagesAndDedupeKeysStayUnique(@TempDir Path dir) throws SQLException {
        boolean pg = TestStores.postgres();
        String url = pg ? TestStores.freshPostgresSchema() : "jdbc:sqlite:" + dir.resolve("old.db");
        Dialect dialect = pg ? Dialect.POSTGRES : Dialect.SQLITE;
        String f = pg ? "false" : "0";
        try {
            migrate(url, dialect, "200"); // the newest migration before V207 on main
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("INSERT INTO apps (id, name, secret_hash, revoked, tokens_before, created_at) VALUES "
                        + "('p-1', 'photos', 'h1', " + f + ", 0, 1), ('p-2', 'quiet', 'h2', " + f + ", 0, 1)");
                s.execute("INSERT INTO app_event_state (app_id, last_id) VALUES ('p-1', 3)");
            }
            migrate(url, dialect, "latest");
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                String wanted = "SELECT app_id || ':' || CASE WHEN messages_wanted THEN 'yes' ELSE 'no' END "
                        + "|| ':' || last_id FROM app_event_state ORDER BY app_id";
                assertThat(rows(s, wanted)).containsExactly("p-1:yes:3", "p-2:yes:0");
                s.execute("INSERT INTO apps (id, name, secret_hash, revoked, tokens_before, created_at) "
                        + "VALUES ('p-3', 'new', 'h3', " + f + ", 0, 2)");
                s.execute("INSERT INTO app_event_state (app_id) VALUES ('p-3')");
                assertThat(rows(s, wanted)).endsWith("p-3:no:0");

                String insert = "INSERT INTO app_events (app_id, id, type, at, dedupe, body) VALUES ('p-1', %d, 't', 1, %s, '{}')";
                s.execute(String.format(insert, 4, "NULL"));
                s.execute(String.format(insert, 5, "NULL"));
                s.execute(String.format(insert, 6, "'n|a|c|m'"));
                assertThatThrownBy(() -> s.execute(String.format(insert, 7, "'n|a|c|m'"))).isInstanceOf(SQLException.class);
            }
        } finally {
            if (pg) {
                TestStores.dropSchema(url);
            }
        }
    }

    private static List<String> rows(Statement s, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static void migrate(String url, Dialect dialect, String target) {
        Flyway.configure().dataSource(url, null, null).locations(dialect.migrationLocations())
                .placeholders(dialect.columnTypes()).target(target).load().migrate();
    }
}
