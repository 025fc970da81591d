package dev.parley.message;

import dev.parley.lifecycle.Threads;
import dev.parley.store.Database;
import dev.parley.store.QuietWatch;
import dev.parley.store.Dialect;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps SQLite's full-text index up with the messages, off the commit path: every quarter second
 * it indexes the messages committed since its mark, in one write of up to {@value #BATCH} rows.
 * A search first catches up ({@link #catchUp}), so a message is found as soon as its send
 * returned. PostgreSQL indexes in the GIN index itself, cheaply, so there it does nothing.
 */
public final class SearchIndexer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SearchIndexer.class);
    private static final int BATCH = 5_000;
    private static final String NEWEST = "SELECT COALESCE(MAX(rowid), 0) FROM messages";
    private static final String MARK = "SELECT indexed_through FROM search_index_state WHERE id = 1";
    // The same range MAX_INDEXED measures, less the system lines, which search never finds.
    private static final String INDEX = "INSERT INTO messages_fts (rowid, text) SELECT rowid, text FROM "
            + "(SELECT rowid, text, author_kind FROM messages WHERE rowid > ? ORDER BY rowid LIMIT ?) "
            + "WHERE author_kind <> 'system'";
    private static final String MAX_INDEXED = "SELECT COALESCE(MAX(rowid), ?) FROM "
            + "(SELECT rowid FROM messages WHERE rowid > ? ORDER BY rowid LIMIT ?)";
    private static final String SET_MARK = "UPDATE search_index_state SET indexed_through = ? WHERE id = 1";

    private final Database db;
    private final ScheduledExecutorService timer;
    private volatile long indexedThrough = -1;
    /** No message can be new while nothing was committed here (a look costs a read). */
    private final QuietWatch quiet;

    public SearchIndexer(Database db) {
        this.db = db;
        this.quiet = new QuietWatch(db);
        if (db.dialect() != Dialect.SQLITE) {
            this.timer = null;
            return;
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(Threads.daemon("parley-search-index"));
        timer.scheduleWithFixedDelay(this::quietly, 250, 250, TimeUnit.MILLISECONDS);
    }

    private void quietly() {
        if (quiet.skip()) {
            return;
        }
        try {
            catchUp();
        } catch (RuntimeException e) {
            LOG.warn("search indexing failed; will retry", e);
        }
    }

    /** Indexes every message committed so far. */
    public void catchUp() {
        if (timer == null) {
            return;
        }
        long newest = db.read(h -> h.createQuery(NEWEST).mapTo(Long.class).one());
        if (newest <= indexedThrough) {
            return;
        }
        synchronized (this) {
            while (indexedThrough < newest) {
                indexedThrough = db.write(h -> {
                    long from = h.createQuery(MARK).mapTo(Long.class).one();
                    long to = h.createQuery(MAX_INDEXED).bind(0, from).bind(1, from).bind(2, BATCH)
                            .mapTo(Long.class).one();
                    if (to > from) {
                        h.execute(INDEX, from, BATCH);
                        h.execute(SET_MARK, to);
                    }
                    return to;
                });
            }
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
