package dev.parley.store;

import dev.parley.config.Keys;
import dev.parley.config.Settings;
import dev.parley.lifecycle.Lifecycle;

/** The store, wired: opened, migrated, and kept in shape by the jobs its database needs. */
public final class StoreModule {
    private StoreModule() {}

    /**
     * Opens and migrates the store, and starts SQLite's checkpointer or PostgreSQL's analyzer when
     * the database needs one. The store is registered first, so it closes after everything else.
     */
    public static Database open(Settings settings, Lifecycle life) {
        Database db = life.own("store", Database.open(settings.get(Keys.DATABASE_URL), settings.get(Keys.DATA_DIR),
                settings.get(Keys.DATABASE_POOL_SIZE)));
        db.migrate();
        if (db.walFile().isPresent()) {
            life.own("checkpointer", new Checkpointer(db, 250, settings.get(Keys.SQLITE_WAL_LIMIT_MB) * 1024L * 1024L));
        }
        Analyzer.startIfNeeded(db, 10_000).ifPresent(a -> life.own("analyzer", a));
        return db;
    }
}
