package dev.parley.moderation;

import dev.parley.store.Database;
import java.time.Clock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * A small table a send consults (shadow bans, restrictions in force), held in memory whole: read
 * again at most once a second, and at the next look after a change made on this node (another
 * node's change shows within that second). So a send pays no query, however many people send.
 *
 * @implNote One caller rereads while the others go on with what is held (a lock tried, not
 * waited for). The flag is cleared before the read, so a change made while it runs marks the
 * result stale again. A store that cannot be read keeps what is held, tried again a second later.
 */
final class HeldWhole<T> {
    private static final long RECHECK_MILLIS = 1_000;

    private final Database db;
    private final Clock clock;
    private final Function<Handle, T> read;
    private final ReentrantLock reloading = new ReentrantLock();
    private volatile T held;
    private volatile long loadedAt;
    private volatile boolean stale = true;

    /** @param empty what is held until the first read succeeds */
    HeldWhole(Database db, Clock clock, T empty, Function<Handle, T> read) {
        this.db = db;
        this.clock = clock;
        this.read = read;
        this.held = empty;
    }

    /** What is held, read again first when a second old or changed here. */
    T get() {
        long now = clock.millis();
        if ((stale || now - loadedAt > RECHECK_MILLIS) && reloading.tryLock()) {
            try {
                stale = false;
                held = db.read(read::apply);
            } catch (RuntimeException e) {
                // the store is away: keep what is held, try again in a second
            } finally {
                loadedAt = now;
                reloading.unlock();
            }
        }
        return held;
    }

    /** A change made on this node: the next look reads the store. */
    void changed() {
        stale = true;
    }
}
