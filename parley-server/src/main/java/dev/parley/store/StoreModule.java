package dev.parley.store;

import dev.parley.config.Keys;
import dev.parley.config.Settings;
import dev.parley.config.ConfigException;
import dev.parley.lifecycle.Lifecycle;
import java.nio.file.Files;
import java.nio.file.Path;

/** The store, wired: opened, migrated, and kept in shape by the jobs its database needs. */
public final class StoreModule {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StoreModule.class);

    private StoreModule() {}

    /**
     * A warning when other users of the machine may read the data dir: it holds message text,
     * password hashes and the key that signs media links. A new one is made owner-only; one made by
     * an older Parley (or by hand) under a umask of 022 is not, and is not changed behind the operator's back.
     */
    static java.util.Optional<String> exposed(Path dataDir) {
        try {
            var mode = Files.getPosixFilePermissions(dataDir);
            var open = java.util.EnumSet.of(java.nio.file.attribute.PosixFilePermission.GROUP_READ,
                    java.nio.file.attribute.PosixFilePermission.GROUP_EXECUTE,
                    java.nio.file.attribute.PosixFilePermission.OTHERS_READ,
                    java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
            open.retainAll(mode);
            if (open.isEmpty()) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of("data_dir " + dataDir.toAbsolutePath().normalize() + " is open to other users ("
                    + java.nio.file.attribute.PosixFilePermissions.toString(mode) + "): it holds messages, password "
                    + "hashes and the media-link key; chmod 700 it (and 600 its files)");
        } catch (UnsupportedOperationException | java.io.IOException e) {
            return java.util.Optional.empty(); // no POSIX modes here
        }
    }

    /**
     * Opens and migrates the store, and starts SQLite's checkpointer or PostgreSQL's analyzer when
     * the database needs one. The store is registered first, so it closes after everything else.
     */
    public static Database open(Settings settings, Lifecycle life) {
        Database db = life.own("store", Database.open(settings.get(Keys.DATABASE_URL), settings.get(Keys.DATA_DIR),
                settings.get(Keys.DATABASE_POOL_SIZE)));
        db.migrate();
        if (settings.get(Keys.DATABASE_URL).isEmpty()) {
            exposed(settings.get(Keys.DATA_DIR)).ifPresent(LOG::warn);
        }
        if (db.walFile().isPresent()) {
            life.own("checkpointer", new Checkpointer(db, 250, settings.get(Keys.SQLITE_WAL_LIMIT_MB) * 1024L * 1024L));
        }
        Analyzer.startIfNeeded(db, 10_000).ifPresent(a -> life.own("analyzer", a));
        return db;
    }

    /**
     * Opens the store a node made, for a command run beside it (the admin commands): never makes one.
     * Run from another directory or without the node's PARLEY_DATA_DIR, a command used to create an
     * empty database there and answer "no account @ann" about one that exists. It names the store it
     * opened on {@code err}, so a wrong one shows at once.
     *
     * @throws ConfigException when there is no Parley database where the settings point
     */
    public static Database openExisting(Settings settings, java.io.PrintWriter err) {
        String url = settings.get(Keys.DATABASE_URL);
        if (url.isEmpty() || url.startsWith("jdbc:sqlite:")) {
            Path file = url.isEmpty() ? settings.get(Keys.DATA_DIR).resolve("parley.db")
                    : Path.of(url.substring("jdbc:sqlite:".length()).replaceFirst("\\?.*", ""));
            if (!Files.isRegularFile(file)) {
                throw missing(file.toAbsolutePath().normalize().toString());
            }
        }
        Database db = Database.open(url, settings.get(Keys.DATA_DIR), 2);
        try {
            if (!db.hasSchema()) {
                throw missing(db.describe());
            }
            db.migrate();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        err.println("store: " + db.describe());
        return db;
    }

    private static ConfigException missing(String where) {
        return new ConfigException("no Parley database at " + where
                + " (run it with the node's settings: PARLEY_DATA_DIR or --config)");
    }
}
