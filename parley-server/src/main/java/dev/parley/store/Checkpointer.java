package dev.parley.store;

import dev.parley.lifecycle.Threads;
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
 * database beside the writer (PASSIVE). Under constant writes that copy never reaches the log's
 * end, so the log never starts over by itself and grows (it did, by 60–100 MB a second at
 * 10,000 msg/s, to be truncated under the writer's lock in 40–220 ms pauses). So once the log
 * holds a quarter of {@code limitBytes}, it takes the writer's lock and finishes the copy, which
 * has little left to do, and starts the log over from its beginning (RESTART: the file is reused,
 * not truncated and grown again). "Little": first it copies again, beside the writer, what came
 * during the copy, as long as each pass leaves less. If the file still grew past
 * {@code limitBytes}, it truncates it under the lock, as the bound.
 */
public final class Checkpointer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);

    private final Database db;
    private final Path wal;
    private final long limitBytes;
    /** Past this many frames in the log, it is finished under the writer's lock and started over. */
    private final long restartFrames;
    /** SQLite's default page, the size of a log frame's page here. */
    private static final long PAGE = 4096;
    private final ScheduledExecutorService timer;
    /** Few enough frames to copy under the writer's lock: about a millisecond's work. */
    private static final int FEW_FRAMES = 64;
    private static final int MAX_CATCH_UP_PASSES = 4;
    /** Nothing to copy while nothing was written here since a pass that copied the whole log (a pass costs a statement). */
    private final QuietWatch quiet;
    /** The timer thread's: whether the last pass copied the whole log. */
    private boolean allCopied;

    public Checkpointer(Database db, long intervalMillis, long limitBytes) {
        this.db = db;
        this.quiet = new QuietWatch(db);
        this.wal = db.walFile().orElseThrow(() -> new IllegalArgumentException("only SQLite has a WAL"));
        this.limitBytes = limitBytes;
        this.restartFrames = Math.max(256, limitBytes / 4 / PAGE);
        this.timer = Executors.newSingleThreadScheduledExecutor(Threads.daemon("parley-checkpoint"));
        timer.scheduleWithFixedDelay(this::run, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    private void run() {
        if (quiet.skip() && allCopied) {
            return;
        }
        try {
            Database.WalState s = db.checkpointPassive();
            allCopied = s.checkpointedFrames() >= s.logFrames();
            if (s.logFrames() > restartFrames) {
                // Under constant writes a passive checkpoint never catches the log's end, so the log
                // never starts over by itself; finishing the little left under the lock does.
                s = catchUp(s);
                long started = System.nanoTime();
                db.checkpoint("RESTART");
                LOG.debug("WAL of {} frames started over in {} ms", s.logFrames(),
                        (System.nanoTime() - started) / 1_000_000);
            } else if (size() > limitBytes) {
                long before = size();
                long started = System.nanoTime();
                db.checkpoint("TRUNCATE");
                LOG.info("WAL was {} MB, over its bound: truncated it in {} ms", before >> 20,
                        (System.nanoTime() - started) / 1_000_000);
            }
        } catch (RuntimeException e) {
            LOG.warn("checkpoint failed; will retry", e);
        }
    }

    /**
     * Copies again beside the writer what it wrote during the last copy, until little is left:
     * what the restart copies under the writer's lock, it copies and flushes while every send
     * waits. A pass over a full log took long enough for ~900 frames to arrive at 5,000 msg/s,
     * and copying those under the lock held the writer 11 ms each time.
     */
    private Database.WalState catchUp(Database.WalState s) {
        // A pass reports the log as it found it on starting, so "all copied": what came during
        // it shows as what the next pass copies. Writes faster than the copy never leave little;
        // then it stops at once, as the log grows meanwhile and must be bounded.
        long lastCopied = s.checkpointedFrames();
        for (int pass = 0; pass < MAX_CATCH_UP_PASSES; pass++) {
            Database.WalState next = db.checkpointPassive();
            long copied = next.checkpointedFrames() - s.checkpointedFrames();
            s = next;
            if (copied <= FEW_FRAMES || copied > lastCopied / 2) {
                break;
            }
            lastCopied = copied;
        }
        return s;
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
