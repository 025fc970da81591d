package dev.parley.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The store's raw insert rate, to put Parley's rate in proportion: one thread inserting
 * message-sized rows in transactions of {@code batch} rows, as durable as Parley's default
 * (SQLite WAL with synchronous=FULL; PostgreSQL synchronous_commit=on), into a scratch table
 * shaped like {@code messages}, dropped afterwards.
 */
final class Baseline {
    private static final String TABLE = "parley_bench_baseline";

    private Baseline() {}

    /** @param jdbcUrl a jdbc:postgresql: URL, or empty for a scratch SQLite file in {@code dir} */
    static double rowsPerSecond(String jdbcUrl, Path dir, int batch, int size, double seconds)
            throws SQLException, java.io.IOException {
        boolean sqlite = jdbcUrl.isEmpty();
        Path file = dir.resolve("parley-bench-baseline.db");
        String url = sqlite ? "jdbc:sqlite:" + file.toAbsolutePath() + "?journal_mode=WAL&synchronous=FULL" : jdbcUrl;
        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + TABLE);
                s.execute("CREATE TABLE " + TABLE + " (conversation_id TEXT NOT NULL, seq BIGINT NOT NULL, "
                        + "sender_id TEXT NOT NULL, client_id TEXT NOT NULL, text TEXT NOT NULL, created_at BIGINT NOT NULL, "
                        + "PRIMARY KEY (conversation_id, seq), UNIQUE (conversation_id, sender_id, client_id))");
            }
            c.setAutoCommit(false);
            String text = "x".repeat(size);
            long rows = 0;
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + TABLE
                    + " (conversation_id, seq, sender_id, client_id, text, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                while (System.nanoTime() < end) {
                    for (int i = 0; i < batch; i++, rows++) {
                        ins.setString(1, "c-" + (rows % 50));
                        ins.setLong(2, rows);
                        ins.setString(3, "a-sender");
                        ins.setString(4, "k" + rows);
                        ins.setString(5, text);
                        ins.setLong(6, System.currentTimeMillis());
                        ins.addBatch();
                    }
                    ins.executeBatch();
                    c.commit();
                }
            }
            double rate = rows / ((System.nanoTime() - start) / 1e9);
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE " + TABLE);
            }
            return rate;
        } finally {
            if (sqlite) {
                for (String suffix : new String[] {"", "-wal", "-shm"}) {
                    Files.deleteIfExists(Path.of(file + suffix));
                }
            }
        }
    }
}
