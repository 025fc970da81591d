package dev.parley.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints SQLite's write-ahead log deliberately, instead of inside whichever commit crosses
 * SQLite's threshold (that made the write path's tail). Every interval it copies the log into the
 * database beside the writer (PASSIVE); if the log still grew past {@code limitBytes} (a reader
 * held it, or the writer outran the copy), it takes the writer's lock once and truncates it, so
 * the log stays bounded at the price of one short pause.
 */
public final class Checkpointer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);

    private final Database db;
    private final Path wal;
    private final long limitBytes;
    private final ScheduledExecutorService timer;

    public Checkpointer(Database db, long intervalMillis, long limitBytes) {
        this.db = db;
        this.wal = db.walFile().orElseThrow(() -> new IllegalArgumentException("only SQLite has a WAL"));
        this.limitBytes = limitBytes;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-checkpoint");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::run, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    private void run() {
        try {
            db.checkpoint(false);
            if (size() > limitBytes) {
                long before = size();
                long started = System.nanoTime();
                db.checkpoint(true);
                LOG.info("WAL was {} MB, over its bound: truncated it in {} ms", before >> 20,
                        (System.nanoTime() - started) / 1_000_000);
            }
        } catch (RuntimeException e) {
            LOG.warn("checkpoint failed; will retry", e);
        }
    }

    private long size() {
        try {
            return Files.exists(wal) ? Files.size(wal) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
