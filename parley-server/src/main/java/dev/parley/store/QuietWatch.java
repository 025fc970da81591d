package dev.parley.store;

import java.util.concurrent.TimeUnit;

/**
 * Tells a background pass that only follows this process's writes (the search indexer, the
 * checkpointer) whether it may skip a look: nothing was committed here since its last look, and
 * that look is recent. Another process's writes (an admin command, a restore) are not counted, so
 * it looks anyway every 5 s. One pass's thread only.
 */
public final class QuietWatch {
    private static final long LOOK_ANYWAY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Database db;
    private long writesSeen = -1;
    private long lookedAt;

    public QuietWatch(Database db) {
        this.db = db;
    }

    /** True when the look may be skipped; otherwise the look counts as taken now. */
    public boolean skip() {
        long now = System.nanoTime();
        long seen = db.writes();
        if (seen == writesSeen && now - lookedAt < LOOK_ANYWAY_NANOS) {
            return true;
        }
        writesSeen = seen;
        lookedAt = now;
        return false;
    }
}
