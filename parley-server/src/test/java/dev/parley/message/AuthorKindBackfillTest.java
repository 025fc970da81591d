package dev.parley.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.store.Dialect;
import dev.parley.testing.TestStores;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages written before author_kind existed get the kind their stored facts imply: an agent's
 * send is the agent's; the FAQ bot's answers and hand-offs and an external bot's replies are a
 * bot's; the instant reply and an agent's integration are automation; the rest a person's.
 */
class AuthorKindBackfillTest {

    @Test
    void existingMessagesAreGivenTheKindTheirFactsImply(@TempDir Path dir) throws SQLException {
        boolean pg = TestStores.postgres();
        String url = pg ? TestStores.freshPostgresSchema() : "jdbc:sqlite:" + dir.resolve("old.db");
        Dialect dialect = pg ? Dialect.POSTGRES : Dialect.SQLITE;
        try {
            migrate(url, dialect, "122");
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                String t = pg ? "true" : "1";
                String f = pg ? "false" : "0";
                s.execute("INSERT INTO messages (conversation_id, seq, sender_id, agent_id, client_id, text, created_at, "
                        + "deleted, automated) VALUES "
                        + "('c', 1, 'cust', NULL, 'x1', 'hello', 1, " + f + ", " + f + "), "
                        + "('c', 2, 'shop', 'ann', 'x2', 'hi, Ann here', 2, " + f + ", " + f + "), "
                        + "('c', 3, 'shop', NULL, 'auto-instant-1', 'thanks for writing', 3, " + f + ", " + t + "), "
                        + "('c', 4, 'shop', NULL, 'auto-faq-3', 'we open at 9', 4, " + f + ", " + t + "), "
                        + "('c', 5, 'shop', NULL, 'auto-handoff-5', 'handing over', 5, " + f + ", " + t + "), "
                        + "('c', 6, 'shop', NULL, 'bot-1', 'your parcel left', 6, " + f + ", " + t + "), "
                        + "('c', 7, 'shop', 'ann', 'crm-1', 'ticket opened', 7, " + f + ", " + t + ")");
            }
            migrate(url, dialect, "latest");
            Map<Long, String> kinds = new LinkedHashMap<>();
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT seq, author_kind FROM messages ORDER BY seq")) {
                while (rs.next()) {
                    kinds.put(rs.getLong(1), rs.getString(2));
                }
            }
            assertThat(kinds).containsExactly(Map.entry(1L, "person"), Map.entry(2L, "agent"),
                    Map.entry(3L, "automation"), Map.entry(4L, "bot"), Map.entry(5L, "bot"), Map.entry(6L, "bot"),
                    Map.entry(7L, "automation"));
        } finally {
            if (pg) {
                TestStores.dropSchema(url);
            }
        }
    }

    private static void migrate(String url, Dialect dialect, String target) {
        Flyway.configure().dataSource(url, null, null).locations(dialect.migrationLocations())
                .placeholders(dialect.columnTypes()).target(target).load().migrate();
    }
}
