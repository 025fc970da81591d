package dev.parley.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.parley.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * The node's store: a connection pool, its dialect and its migrations.
 *
 * <p>SQLite allows one writer at a time, so on SQLite every write transaction runs on one
 * dedicated connection, serialized in-process, and reads use a separate pool (WAL lets them run
 * beside the writer). On PostgreSQL both use one pool and row locks order concurrent writers.
 * Writes are durable at commit: SQLite {@code synchronous=FULL} in WAL; PostgreSQL's default
 * {@code synchronous_commit=on}.
 */
public final class Database implements AutoCloseable {
    private final Dialect dialect;
    private final HikariDataSource readPool;
    private final HikariDataSource writePool;
    private final Jdbi reader;
    private final Jdbi writer;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();
    private final Path sqliteFile;
    private final String where;

    private Database(Dialect dialect, HikariDataSource readPool, HikariDataSource writePool, Path sqliteFile, String url) {
        this.dialect = dialect;
        this.where = redact(url);
        this.sqliteFile = sqliteFile;
        this.readPool = readPool;
        this.writePool = writePool;
        this.reader = Jdbi.create(readPool);
        this.writer = writePool == readPool ? reader : Jdbi.create(writePool);
    }

    /**
     * @param url      a jdbc:postgresql: URL, or empty for SQLite in {@code dataDir}
     * @param poolSize connections to PostgreSQL, or SQLite readers
     */
    public static Database open(String url, Path dataDir, int poolSize) {
        if (url.isEmpty() || url.startsWith("jdbc:sqlite:")) {
            return openSqlite(url.isEmpty() ? sqliteUrl(dataDir) : url, poolSize);
        }
        HikariConfig cfg = baseConfig("parley-pg", url, poolSize);
        // A group commit's batched inserts go as multi-row INSERTs, not one statement per row. No
        // code reads a batch's update counts, which this setting reports as "unknown".
        cfg.addDataSourceProperty("reWriteBatchedInserts", "true");
        HikariDataSource ds = connect(cfg, url);
        return new Database(Dialect.POSTGRES, ds, ds, null, url);
    }

    /** Owner only: the database holds message text, password hashes and the key that signs media links. */
    private static final String DIR_MODE = "rwx------";
    private static final String FILE_MODE = "rw-------";

    private static String sqliteUrl(Path dataDir) {
        Path file = dataDir.resolve("parley.db").toAbsolutePath().normalize();
        try {
            if (!Files.isDirectory(dataDir)) {
                Files.createDirectories(dataDir, owned(DIR_MODE));
            }
            // SQLite gives its -wal and -shm files the mode of the database file: made here, owner only.
            if (!Files.exists(file)) {
                Files.createFile(file, owned(FILE_MODE));
            }
        } catch (IOException e) {
            throw new ConfigException("cannot create data_dir " + dataDir.toAbsolutePath() + ": " + reason(e));
        }
        return "jdbc:sqlite:" + file;
    }

    /** A POSIX mode to create with; none where the file system has no such modes. */
    private static java.nio.file.attribute.FileAttribute<?>[] owned(String mode) {
        if (!java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new java.nio.file.attribute.FileAttribute<?>[0];
        }
        return new java.nio.file.attribute.FileAttribute<?>[] {
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString(mode))};
    }

    /** The OS's reason, not the path again (NIO's message is often only the path). */
    private static String reason(IOException e) {
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return e.getMessage() + " is a file, not a directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied (" + e.getMessage() + ")";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason() + " (" + f.getFile() + ")";
        }
        return e.getMessage();
    }

    /**
     * The writer's page cache, in KiB. SQLite's default (2 MB) is smaller than the index pages a
     * group commit touches once the store holds a few hundred thousand messages, so batches re-read
     * pages from the OS: {@code pread} was 15% of the writer's CPU at 5,000 msg/s (issue 22), and
     * nothing with this cache.
     */
    static final int WRITER_CACHE_KIB = 65_536;

    private static Database openSqlite(String url, int readers) {
        String params = (url.contains("?") ? "&" : "?")
                + "journal_mode=WAL&synchronous=FULL&foreign_keys=true&busy_timeout=10000";
        HikariConfig w = baseConfig("parley-sqlite-writer",
                url + params + "&transaction_mode=IMMEDIATE&cache_size=-" + WRITER_CACHE_KIB, 1);
        // No checkpoint inside a commit: it made the write path's tail. store/Checkpointer runs
        // them beside the writer and bounds the WAL.
        w.setConnectionInitSql("PRAGMA wal_autocheckpoint=0");
        HikariDataSource writePool = connect(w, url);
        HikariConfig r = baseConfig("parley-sqlite-readers", url + params, Math.max(2, readers));
        r.setConnectionInitSql("PRAGMA wal_autocheckpoint=0");
        HikariDataSource readPool = connect(r, url);
        String file = url.substring("jdbc:sqlite:".length()).replaceFirst("^file:", "");
        int q = file.indexOf('?');
        return new Database(Dialect.SQLITE, readPool, writePool, Path.of(q < 0 ? file : file.substring(0, q)), url);
    }

    private static HikariConfig baseConfig(String name, String url, int size) {
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName(name);
        cfg.setJdbcUrl(url);
        cfg.setMaximumPoolSize(size);
        cfg.setMinimumIdle(Math.min(size, 2));
        cfg.setConnectionTimeout(10_000);
        return cfg;
    }

    private static HikariDataSource connect(HikariConfig cfg, String url) {
        try {
            return new HikariDataSource(cfg);
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new ConfigException("cannot open database " + redact(url) + ": " + root.getMessage());
        }
    }

    private static String redact(String url) {
        return url.replaceAll("password=[^&]*", "password=***");
    }

    public Dialect dialect() {
        return dialect;
    }

    /**
     * Brings the schema up to date; safe to call on every start and from several nodes at once.
     * Refuses a schema a newer Parley migrated (Flyway would only warn): this jar's code would run on
     * tables it does not know, and migrations go one way, so the way back is that newer jar or a backup.
     */
    public void migrate() {
        requireWritable();
        Flyway flyway = Flyway.configure()
                .dataSource(writePool)
                .locations(dialect.migrationLocations())
                .placeholders(dialect.columnTypes())
                .load();
        refuseNewerSchema(flyway.info());
        flyway.migrate();
    }

    /**
     * Refuses a SQLite file this process may only read: the usual slip is a first run as root, then
     * the service as its own user. SQLite then opens the file read-only without a word, and the first
     * write (a migration, the node's secrets) failed deep in start-up with a wall of stack traces.
     * Writing the header's user_version back unchanged is the smallest write there is.
     */
    private void requireWritable() {
        if (sqliteFile == null) {
            return;
        }
        try {
            writeVoid(h -> h.execute("PRAGMA user_version = "
                    + h.createQuery("PRAGMA user_version").mapTo(Integer.class).one()));
        } catch (RuntimeException e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof org.sqlite.SQLiteException q
                        && (q.getResultCode().code & 0xff) == org.sqlite.SQLiteErrorCode.SQLITE_READONLY.code) {
                    throw new ConfigException("cannot write the database " + sqliteFile + " (read-only: check its owner)");
                }
            }
            throw e;
        }
    }

    static void refuseNewerSchema(org.flywaydb.core.api.MigrationInfoService info) {
        String latest = java.util.Arrays.stream(info.all())
                .filter(m -> m.getState() != org.flywaydb.core.api.MigrationState.FUTURE_SUCCESS
                        && m.getState() != org.flywaydb.core.api.MigrationState.FUTURE_FAILED && m.getVersion() != null)
                .map(m -> m.getVersion()).max(Comparable::compareTo).map(Object::toString).orElse("none");
        java.util.Arrays.stream(info.applied())
                .filter(m -> m.getState() == org.flywaydb.core.api.MigrationState.FUTURE_SUCCESS
                        || m.getState() == org.flywaydb.core.api.MigrationState.FUTURE_FAILED)
                .map(m -> m.getVersion()).filter(java.util.Objects::nonNull).max(Comparable::compareTo)
                .ifPresent(v -> {
                    throw new ConfigException("the database was migrated by a newer Parley (schema version " + v
                            + ", this one knows up to " + latest + "): run that version, or restore the backup "
                            + "taken before the upgrade");
                });
    }

    /** Whether Parley's schema is in this database (its migrations' history table), without making it. */
    public boolean hasSchema() {
        return reader.withHandle(h -> {
            try (var tables = h.getConnection().getMetaData().getTables(null, null, "flyway_schema_history", null)) {
                return tables.next();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The store, named for an operator: the SQLite file, or PostgreSQL's URL without its password. */
    public String describe() {
        return sqliteFile != null ? "SQLite " + sqliteFile : "PostgreSQL " + where;
    }

    /** Runs reads outside a transaction (each statement sees committed data). */
    public <T> T read(HandleCallback<T, RuntimeException> work) {
        return reader.withHandle(work);
    }

    /**
     * Runs reads in one read-only transaction, so every statement sees the same committed state
     * (a view assembled from several tables never mixes before and after a commit). SQLite's WAL
     * gives a read transaction its snapshot; PostgreSQL needs REPEATABLE READ for it.
     */
    public <T> T snapshot(HandleCallback<T, RuntimeException> work) {
        if (dialect == Dialect.POSTGRES) {
            return reader.inTransaction(org.jdbi.v3.core.transaction.TransactionIsolationLevel.REPEATABLE_READ, work);
        }
        return reader.inTransaction(work);
    }

    /** Runs one write transaction: all of it commits, or none of it. */
    public <T> T write(HandleCallback<T, RuntimeException> work) {
        if (dialect == Dialect.POSTGRES) {
            T done = writer.inTransaction(work);
            writes.incrementAndGet();
            return done;
        }
        writeLock.lock();
        try {
            T done = writer.inTransaction(work);
            writes.incrementAndGet();
            return done;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * How many write transactions this process has committed. Background passes that only follow
     * writes (the search index, checkpoints) skip a look while it has not moved.
     */
    public long writes() {
        return writes.get();
    }

    /** The SQLite file's write-ahead log, or empty on PostgreSQL. */
    public java.util.Optional<Path> walFile() {
        return sqliteFile == null ? java.util.Optional.empty()
                : java.util.Optional.of(sqliteFile.resolveSibling(sqliteFile.getFileName() + "-wal"));
    }

    /** What a checkpoint found: frames in the write-ahead log, and how many of them are in the database file. */
    public record WalState(int logFrames, int checkpointedFrames) {}

    /**
     * Copies what it can of the SQLite WAL into the database file, beside the writer and readers
     * (PASSIVE); on PostgreSQL nothing.
     */
    public WalState checkpointPassive() {
        if (dialect != Dialect.SQLITE) {
            return new WalState(0, 0);
        }
        return reader.withHandle(h -> h.createQuery("PRAGMA wal_checkpoint(PASSIVE)")
                .map((rs, c) -> new WalState(rs.getInt(2), rs.getInt(3))).one());
    }

    /**
     * Copies the SQLite WAL into the database file. {@code PASSIVE} runs beside the writer and
     * readers and may stop short; otherwise it takes the writer's lock, finishes the job and starts
     * the log over: {@code RESTART} reuses the log file from its start, {@code TRUNCATE} also
     * empties it (the bound on its size).
     *
     * @return the frames left in the log that were not copied (0 when complete)
     */
    public int checkpoint(String mode) {
        if (dialect != Dialect.SQLITE) {
            return 0;
        }
        String sql = "PRAGMA wal_checkpoint(" + mode + ")";
        if ("PASSIVE".equals(mode)) {
            return reader.withHandle(h -> h.createQuery(sql).map((rs, c) -> rs.getInt(2) - rs.getInt(3)).one());
        }
        writeLock.lock();
        try {
            return writer.withHandle(h -> h.createQuery(sql).map((rs, c) -> rs.getInt(2) - rs.getInt(3)).one());
        } finally {
            writeLock.unlock();
        }
    }

    public void writeVoid(java.util.function.Consumer<Handle> work) {
        write(h -> {
            work.accept(h);
            return null;
        });
    }

    @Override
    public void close() {
        if (writePool != readPool) {
            writePool.close();
        }
        readPool.close();
    }
}
