package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
 * V160 moves handle uniqueness from the node to each network on a store that already holds
 * accounts, their sessions and follows: every row and reference survives (on SQLite the table is
 * rebuilt), each account lands in its app's network or the node's own, and from then on one
 * handle may exist once per network.
 */
class HandlesPerNetworkMigrationTest {

    @Test
    void existingAccountsKeepTheirRowsAndReferencesAndGetTheirNetwork(@TempDir Path dir) throws SQLException {
        boolean pg = TestStores.postgres();
        String url = pg ? TestStores.freshPostgresSchema() : "jdbc:sqlite:" + dir.resolve("old.db");
        Dialect dialect = pg ? Dialect.POSTGRES : Dialect.SQLITE;
        String f = pg ? "false" : "0";
        String t = pg ? "true" : "1";
        try {
            migrate(url, dialect, "123");
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("INSERT INTO apps (id, name, secret_hash, revoked, tokens_before, created_at) "
                        + "VALUES ('p-1', 'photos', 'h', " + f + ", 0, 1)");
                s.execute("INSERT INTO accounts (id, handle, display_name, kind, dm_policy, read_receipts, created_at, "
                        + "app_id, external_id) VALUES "
                        + "('a-1', 'ann', 'Ann', 'person', 'following', " + t + ", 1, NULL, NULL), "
                        + "('a-2', 'maya', 'Maya', 'person', 'following', " + t + ", 2, 'p-1', 'u:1')");
                s.execute("INSERT INTO sessions (token_hash, account_id, created_at) VALUES ('s-1', 'a-1', 3)");
                s.execute("INSERT INTO follows (follower_id, followee_id, created_at) VALUES ('a-2', 'a-1', 4)");
            }
            migrate(url, dialect, "latest");
            try (Connection c = DriverManager.getConnection(url + (pg ? "" : "?foreign_keys=true"));
                 Statement s = c.createStatement()) {
                assertThat(rows(s, "SELECT id || ':' || network || ':' || handle FROM accounts ORDER BY id"))
                        .containsExactly("a-1::ann", "a-2:p-1:maya");
                assertThat(rows(s, "SELECT account_id FROM sessions")).containsExactly("a-1");
                assertThat(rows(s, "SELECT follower_id || '>' || followee_id FROM follows")).containsExactly("a-2>a-1");
                if (!pg) {
                    assertThat(rows(s, "SELECT \"table\" FROM pragma_foreign_key_check")).isEmpty();
                    assertThat(rows(s, "SELECT foreign_keys FROM pragma_foreign_keys")).containsExactly("1");
                }
                // The same handle in another network is allowed; twice in one network is not.
                s.execute("INSERT INTO accounts (id, handle, display_name, kind, dm_policy, read_receipts, created_at, "
                        + "app_id, external_id, network) VALUES "
                        + "('a-3', 'ann', 'Other Ann', 'person', 'following', " + t + ", 5, 'p-1', 'u:2', 'p-1')");
                assertThatThrownBy(() -> s.execute("INSERT INTO accounts (id, handle, display_name, kind, dm_policy, "
                        + "read_receipts, created_at) VALUES ('a-4', 'ann', 'Third Ann', 'person', 'following', "
                        + t + ", 6)")).isInstanceOf(SQLException.class);
                // References to accounts still hold on the rebuilt table.
                assertThatThrownBy(() -> s.execute("INSERT INTO sessions (token_hash, account_id, created_at) "
                        + "VALUES ('s-2', 'nobody', 7)")).isInstanceOf(SQLException.class);
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
