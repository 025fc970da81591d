package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Eventually;
import dev.parley.testing.TestStores;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A node started on an empty PostgreSQL database must not keep the plans it made while the
 * tables were empty. The test's {@code messages} has autovacuum off, as some databases do, so
 * nothing but the node's {@link Analyzer} replaces them (with it on, PostgreSQL's own autoanalyze
 * sometimes analyzed the grown table first and replanned under the test).
 */
@Tag("postgres-only")
class AnalyzerTest {
    // The shape of the group-commit writer's lookup of a batch's client_ids.
    private static final String LOOKUP = "PREPARE lookup(text[], text[], text[]) AS SELECT m.seq FROM messages m "
            + "JOIN unnest($1, $2, $3) AS k(c, s, id) ON m.conversation_id = k.c AND m.sender_id = k.s "
            + "AND m.client_id = k.id";
    private static final String RUN = "EXECUTE lookup('{c1}', '{s1}', '{x}')";

    private String url;
    private Database db;

    @BeforeEach
    void up() {
        url = TestStores.freshPostgresSchema();
        db = Database.open(url, null, 2);
        db.migrate();
        db.writeVoid(h -> h.execute("ALTER TABLE messages SET (autovacuum_enabled = false)"));
    }

    @AfterEach
    void down() {
        db.close();
        TestStores.dropSchema(url);
    }

    @Test
    void aPlanMadeOnEmptyTablesIsReplacedOnceTheyGrow() throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            // The plan a long-lived prepared statement keeps (PostgreSQL's own choice after five runs,
            // custom or generic by their costs, is a near tie on empty tables).
            s.execute("SET plan_cache_mode = force_generic_plan");
            s.execute(LOOKUP);
            for (int i = 0; i < 6; i++) {
                s.execute(RUN);
            }
            assertThat(plan(s)).as("the plan made while the table was empty").contains("Seq Scan on messages");

            insertMessages(s, 20_000);
            // Not asserted: that the empty table's plan is still kept here. Other sessions' DDL (the
            // suite's forks migrate fresh schemas) can overflow PostgreSQL's invalidation queue, which
            // drops every cached plan; twice in CI the grown table was replanned before any analyze.

            awaitCounted(s, 20_000);
            assertThat(new Analyzer(db).analyzeStale()).contains("messages");
            assertThat(plan(s)).contains("Index Scan").doesNotContain("Seq Scan on messages");
        }
    }

    @Test
    void aTableThatBarelyChangedIsLeftAlone() throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            insertMessages(s, 5_000);
            awaitCounted(s, 5_000);
            assertThat(new Analyzer(db).analyzeStale()).contains("messages");
            s.execute("INSERT INTO messages (conversation_id, seq, sender_id, client_id, text, created_at) "
                    + "SELECT 'other', g, 's1', 'y' || g, 'hello', 0 FROM generate_series(1, 400) g");
            s.execute("SELECT pg_stat_force_next_flush()");
            awaitCounted(s, 400);
            assertThat(new Analyzer(db).analyzeStale()).doesNotContain("messages"); // 400 of 5,400: under 10%
        }
    }

    private static void insertMessages(Statement s, int n) throws SQLException {
        s.execute("INSERT INTO messages (conversation_id, seq, sender_id, client_id, text, created_at) "
                + "SELECT 'c' || (g % 50), g, 's' || (g % 2), 'x' || g, 'hello', 0 FROM generate_series(1, " + n + ") g");
        s.execute("SELECT pg_stat_force_next_flush()"); // publish the counts when idle, not seconds later
    }

    /** Waits until PostgreSQL has published this many changes to messages since its last analyze. */
    private static void awaitCounted(Statement s, long changes) {
        Eventually.await("PostgreSQL counted " + changes + " changes to messages", Duration.ofSeconds(20),
                () -> modifiedSinceAnalyze(s), counted -> counted >= changes);
    }

    private static long modifiedSinceAnalyze(Statement s) {
        try (ResultSet rs = s.executeQuery("SELECT n_mod_since_analyze FROM pg_stat_user_tables "
                + "WHERE schemaname = current_schema() AND relname = 'messages'")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String plan(Statement s) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (ResultSet rs = s.executeQuery("EXPLAIN " + RUN)) {
            while (rs.next()) {
                out.append(rs.getString(1)).append('\n');
            }
        }
        return out.toString();
    }
}
