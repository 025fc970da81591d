package dev.parley.store;

import dev.parley.lifecycle.Threads;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps PostgreSQL's planner statistics current when the server does not (autovacuum off), by
 * analyzing a table of the node's schema once its changes since the last analyze pass
 * autovacuum's own default threshold: 50 rows plus 10% of the table.
 *
 * <p>Why: each connection keeps a prepared statement's generic plan, and plans it again only when
 * the statistics of a table it reads change. A node started on an empty database prepares its hot
 * statements while the tables are empty, where a sequential scan is the cheapest plan. With no
 * analyze, nothing replaces that plan as the tables grow: at 640,000 messages the writer's lookup
 * of a batch's client_ids scanned the whole table, 117 ms a batch, and a node that sent 10,000
 * msg/s sent 1,600. With autovacuum on (PostgreSQL's default) its analyze does this, and this
 * class does not run.
 */
public final class Analyzer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Analyzer.class);
    private static final String STALE = "SELECT s.relname FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid "
            + "WHERE s.schemaname = current_schema() AND s.n_mod_since_analyze > 50 + 0.1 * GREATEST(c.reltuples, 0) "
            + "ORDER BY s.relname";

    private final Database db;
    /** Runs the checks; none when only called on demand. */
    private final ScheduledExecutorService timer;

    /** An analyzer that runs only when {@link #analyzeStale} is called. */
    public Analyzer(Database db) {
        this(db, null);
    }

    private Analyzer(Database db, ScheduledExecutorService timer) {
        if (db.dialect() != Dialect.POSTGRES) {
            throw new IllegalArgumentException("only PostgreSQL has planner statistics to keep");
        }
        this.db = db;
        this.timer = timer;
    }

    /**
     * On PostgreSQL whose autovacuum is off, an analyzer that checks every {@code intervalMillis};
     * else none, as the server keeps its statistics itself.
     */
    public static Optional<Analyzer> startIfNeeded(Database db, long intervalMillis) {
        if (db.dialect() != Dialect.POSTGRES) {
            return Optional.empty();
        }
        boolean autovacuum = db.read(h -> h.createQuery("SELECT current_setting('autovacuum') = 'on'")
                .mapTo(Boolean.class).one());
        if (autovacuum) {
            return Optional.empty();
        }
        boolean counts = db.read(h -> h.createQuery("SELECT current_setting('track_counts') = 'on'")
                .mapTo(Boolean.class).one());
        if (!counts) {
            LOG.warn("PostgreSQL has autovacuum and track_counts off: nothing tells when Parley's tables need "
                    + "ANALYZE, and queries slow down as they grow. Turn track_counts on, or run ANALYZE regularly.");
            return Optional.empty();
        }
        LOG.info("PostgreSQL's autovacuum is off: this node will ANALYZE its tables as they change");
        Analyzer a = new Analyzer(db, Executors.newSingleThreadScheduledExecutor(Threads.daemon("parley-analyze")));
        a.timer.scheduleWithFixedDelay(a::runQuietly, 0, intervalMillis, TimeUnit.MILLISECONDS);
        return Optional.of(a);
    }

    /** Analyzes each table of the node's schema that changed enough since its last analyze; answers their names. */
    public List<String> analyzeStale() {
        List<String> stale = db.read(h -> h.createQuery(STALE).mapTo(String.class).list());
        for (String table : stale) {
            // Names come from the catalog; quoted so that any name is taken as it is.
            db.read(h -> h.execute("ANALYZE \"" + table.replace("\"", "\"\"") + "\""));
        }
        return stale;
    }

    private void runQuietly() {
        try {
            List<String> done = analyzeStale();
            if (!done.isEmpty()) {
                LOG.debug("analyzed {}", done);
            }
        } catch (RuntimeException e) {
            LOG.warn("ANALYZE failed; will retry", e);
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
