package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.TestStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both databases, migrated from scratch, end with the same tables, columns (name, type in a
 * common vocabulary, nullability, place in the primary key) and indexes (columns, uniqueness, and
 * the name of every index a migration created by name). A migration added to one database's
 * folder and forgotten in the other's fails here, not in production.
 *
 * <p>The common vocabulary is SQLite's: PostgreSQL's BIGINT, INTEGER and BOOLEAN are SQLite's
 * INTEGER, DOUBLE PRECISION is REAL. Full-text search is where the two truly differ (an FTS5 table
 * and its state on SQLite, an expression index on PostgreSQL), and is left out.
 *
 * <p>It opens both stores itself, so it runs in the PostgreSQL pass only.
 */
@Tag("postgres-only")
class SchemaParityTest {
    /** SQLite-only by design: the full-text index, its shadow tables and its progress mark. */
    private static final Set<String> SQLITE_ONLY_TABLES = Set.of("messages_fts", "search_index_state");
    /** PostgreSQL-only by design: the full-text expression index. */
    private static final Set<String> POSTGRES_ONLY_INDEXES = Set.of("messages_text_search");
    private static final String HISTORY = "flyway_schema_history";
    private static final Map<String, String> PG_TYPES = Map.of(
            "int8", "INTEGER", "int4", "INTEGER", "int2", "INTEGER", "bool", "INTEGER",
            "text", "TEXT", "float8", "REAL", "float4", "REAL");

    private static final String SQLITE_COLUMNS = "SELECT m.name, p.name, p.type, p.\"notnull\", p.pk "
            + "FROM sqlite_schema m, pragma_table_info(m.name) p WHERE m.type = 'table'";
    private static final String SQLITE_INDEXES = "SELECT m.name, l.name, l.\"unique\", l.origin, "
            + "(SELECT group_concat(name, ',') FROM (SELECT i.name FROM pragma_index_info(l.name) i ORDER BY i.seqno)) "
            + "FROM sqlite_schema m, pragma_index_list(m.name) l WHERE m.type = 'table'";
    private static final String PG_COLUMNS = "SELECT c.table_name, c.column_name, c.udt_name, c.is_nullable, "
            + "COALESCE((SELECT k.ordinal_position FROM information_schema.table_constraints t "
            + "  JOIN information_schema.key_column_usage k ON k.constraint_name = t.constraint_name "
            + "   AND k.table_schema = t.table_schema AND k.table_name = t.table_name "
            + "  WHERE t.constraint_type = 'PRIMARY KEY' AND t.table_schema = c.table_schema "
            + "   AND t.table_name = c.table_name AND k.column_name = c.column_name), 0) "
            + "FROM information_schema.columns c WHERE c.table_schema = current_schema()";
    private static final String PG_INDEXES = "SELECT t.relname, i.relname, ix.indisunique, "
            + "EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = ix.indexrelid), "
            + "(SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, ord) "
            + "  JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) "
            + "FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid "
            + "JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = current_schema()";

    @Test
    void sqliteAndPostgresqlEndWithTheSameTablesColumnsAndIndexes(@TempDir Path dir) throws IOException {
        Schema sqlite;
        try (Database db = Database.open("", Files.createDirectories(dir.resolve("data")), 2)) {
            db.migrate();
            sqlite = db.read(SchemaParityTest::sqliteSchema);
        }
        String url = TestStores.freshPostgresSchema();
        Schema postgres;
        try (Database db = Database.open(url, null, 2)) {
            db.migrate();
            postgres = db.read(SchemaParityTest::postgresSchema);
        } finally {
            TestStores.dropSchema(url);
        }

        assertThat(sqlite.columns).as("tables and columns present").contains("accounts.id TEXT not null pk1", "messages.seq INTEGER not null pk2");
        assertThat(postgres.columns).as("columns on PostgreSQL vs SQLite").containsExactlyElementsOf(sqlite.columns);
        assertThat(sqlite.indexes).as("indexes present").contains("sessions: sessions_account (account_id)");
        assertThat(postgres.indexes).as("indexes on PostgreSQL vs SQLite").containsExactlyElementsOf(sqlite.indexes);
    }

    /** Each column and index as one comparable line, sorted. */
    private record Schema(TreeSet<String> columns, TreeSet<String> indexes) {}

    private static Schema sqliteSchema(Handle h) {
        TreeSet<String> columns = new TreeSet<>();
        h.createQuery(SQLITE_COLUMNS).map((rs, c) -> {
            if (sqliteShared(rs.getString(1))) {
                columns.add(column(rs.getString(1), rs.getString(2), rs.getString(3).toUpperCase(),
                        rs.getBoolean(4), rs.getInt(5)));
            }
            return 0;
        }).list();
        TreeSet<String> indexes = new TreeSet<>();
        h.createQuery(SQLITE_INDEXES).map((rs, c) -> {
            if (sqliteShared(rs.getString(1))) {
                // origin "c": made by CREATE INDEX, so it has a name of its own to compare.
                indexes.add(index(rs.getString(1), "c".equals(rs.getString(4)) ? rs.getString(2) : "",
                        rs.getBoolean(3), rs.getString(5)));
            }
            return 0;
        }).list();
        return new Schema(columns, indexes);
    }

    private static boolean sqliteShared(String table) {
        return !table.equals(HISTORY) && !table.startsWith("sqlite_")
                && SQLITE_ONLY_TABLES.stream().noneMatch(table::startsWith);
    }

    private static Schema postgresSchema(Handle h) {
        TreeSet<String> columns = new TreeSet<>();
        h.createQuery(PG_COLUMNS).map((rs, c) -> {
            if (!HISTORY.equals(rs.getString(1))) {
                String type = PG_TYPES.getOrDefault(rs.getString(3), "unmapped " + rs.getString(3));
                columns.add(column(rs.getString(1), rs.getString(2), type, "NO".equals(rs.getString(4)), rs.getInt(5)));
            }
            return 0;
        }).list();
        TreeSet<String> indexes = new TreeSet<>();
        h.createQuery(PG_INDEXES).map((rs, c) -> {
            String name = rs.getString(2);
            if (!HISTORY.equals(rs.getString(1)) && !POSTGRES_ONLY_INDEXES.contains(name)) {
                // An index behind a PRIMARY KEY or UNIQUE constraint is named by PostgreSQL, not by us.
                indexes.add(index(rs.getString(1), rs.getBoolean(4) ? "" : name, rs.getBoolean(3), rs.getString(5)));
            }
            return 0;
        }).list();
        return new Schema(columns, indexes);
    }

    private static String column(String table, String name, String type, boolean notNull, int pkPosition) {
        // SQLite reports a primary key column as nullable unless declared NOT NULL; PostgreSQL never does.
        boolean required = notNull || pkPosition > 0;
        return table + "." + name + " " + type + (required ? " not null" : "") + (pkPosition > 0 ? " pk" + pkPosition : "");
    }

    private static String index(String table, String name, boolean unique, String columns) {
        return table + ": " + (unique ? "unique " : "") + name + " (" + columns + ")";
    }
}
