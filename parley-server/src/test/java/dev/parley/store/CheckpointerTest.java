package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under writes that never pause, SQLite's log never starts over by itself; the checkpointer must
 * start it over all the same, so the disk does not fill, and lose nothing doing so.
 */
@Tag("sqlite-only")
class CheckpointerTest {
    private static final long LIMIT = 4L << 20;
    private static final int ROWS_PER_COMMIT = 8;

    @TempDir
    Path dir;

    @Test
    void underConstantWritesTheLogStaysBoundedAndEveryRowIsKept() throws Exception {
        try (Database db = Database.open("", dir, 2)) {
            db.writeVoid(h -> h.execute("CREATE TABLE filler (id INTEGER PRIMARY KEY, v BLOB NOT NULL)"));
            Path wal = db.walFile().orElseThrow();
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicLong written = new AtomicLong();
            Thread writer = new Thread(() -> {
                byte[] blob = new byte[6_000];
                while (writing.get()) {
                    db.writeVoid(h -> {
                        for (int i = 0; i < ROWS_PER_COMMIT; i++) {
                            h.execute("INSERT INTO filler (v) VALUES (?)", (Object) blob);
                        }
                    });
                    written.addAndGet(ROWS_PER_COMMIT);
                }
            });
            long maxWal = 0;
            try (Checkpointer checkpointer = new Checkpointer(db, 20, LIMIT)) {
                writer.start();
                long until = System.nanoTime() + 3_000_000_000L;
                while (System.nanoTime() < until) {
                    maxWal = Math.max(maxWal, Files.size(wal));
                    Thread.sleep(5);
                }
                writing.set(false);
                writer.join();
            }
            // Two pages a row at least: several times the limit, had the log not been started over.
            assertThat(written.get() * 2 * 4096).as("log written").isGreaterThan(4 * LIMIT);
            // The limit is checked between checkpoints, so the file may pass it for a moment.
            assertThat(maxWal).as("largest log file seen").isLessThan(3 * LIMIT);
            long rows = db.read(h -> h.createQuery("SELECT COUNT(*) FROM filler").mapTo(Long.class).one());
            assertThat(rows).isEqualTo(written.get());
        }
    }
}
