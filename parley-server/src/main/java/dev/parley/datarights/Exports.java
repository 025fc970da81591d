package dev.parley.datarights;

import dev.parley.http.ApiException;
import dev.parley.lifecycle.Pacer;
import dev.parley.store.Database;
import dev.parley.store.Ids;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports: the request (a person once a day; administrators and apps whenever they ask), and the
 * runner that builds each archive off the request thread, under a lease (one node builds it;
 * another rebuilds it if that node dies), streamed into {@code DATA_DIR/exports}, and deletes it
 * when {@code export.keep} has passed.
 */
public final class Exports implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Exports.class);
    static final Duration OWN_INTERVAL = Duration.ofDays(1);
    private static final Duration LEASE = Duration.ofMinutes(5);

    private final Database db;
    private final ExportStore store;
    private final ArchiveWriter writer;
    private final Path dir;
    private final Duration keep;
    private final Clock clock;
    private final String owner;
    private final ScheduledExecutorService runner;
    private final Pacer pacer;
    private volatile boolean stopping;

    Exports(Database db, ExportStore store, ArchiveWriter writer, Path dir, Duration keep, Clock clock, String owner) {
        this.db = db;
        this.store = store;
        this.writer = writer;
        this.dir = dir;
        this.keep = keep;
        this.clock = clock;
        this.owner = owner;
        this.runner = Pacer.loop("parley-export");
        this.pacer = LeasedJobs.pace(runner, this::tick);
    }

    void start() {
        pacer.start(Duration.ZERO);
    }

    /**
     * Starts an export of the account's data.
     *
     * @param requestedBy self (limited to one a day: 429 {@code export_too_soon} with Retry-After), admin or app
     * @param appId       the app asking, which alone may read the job; null otherwise
     */
    ExportJob request(String accountId, String requestedBy, String appId) {
        Instant now = clock.instant();
        ExportJob job = new ExportJob(Ids.next('x'), accountId, requestedBy, appId, ExportJob.PENDING, null, null,
                now, null, null);
        db.writeVoid(h -> {
            if ("self".equals(requestedBy)) {
                Optional<Instant> last = store.lastOwn(h, accountId);
                if (last.isPresent() && last.get().plus(OWN_INTERVAL).isAfter(now)) {
                    long wait = Math.max(1, Duration.between(now, last.get().plus(OWN_INTERVAL)).toSeconds());
                    throw new ApiException(429, "export_too_soon", "Too many exports",
                            "One export a day: the next can start in " + wait + " s.", Map.of("retry_after", wait));
                }
            }
            store.insert(h, job);
        });
        pacer.kick();
        return job;
    }

    Optional<ExportJob> job(String id) {
        return db.read(h -> store.byId(h, id));
    }

    /** The archive of a ready job. */
    Path archive(ExportJob j) {
        return dir.resolve(j.fileName());
    }

    /** Deletes an account's ready archives (its erasure). */
    void deleteOf(String accountId) {
        for (ExportJob j : db.read(h -> store.readyOf(h, accountId))) {
            expire(j);
        }
    }

    /** Answers whether there was a job to work or anything due. */
    private boolean tick() {
        try {
            boolean found = LeasedJobs.workClaimed(db, store, owner, LEASE, clock, () -> stopping, this::build);
            if (stopping) {
                return true;
            }
            for (ExportJob due : db.read(h -> store.due(h, clock.instant()))) {
                expire(due);
                found = true;
            }
            return found;
        } catch (RuntimeException e) {
            LOG.warn("export runner failed; it will retry", e);
            return true;
        }
    }

    private void build(String id) {
        ExportJob j = job(id).orElseThrow();
        String name = j.id() + ".zip";
        Path tmp = dir.resolve(j.id() + ".zip.part");
        try {
            Files.createDirectories(dir);
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.write(j.accountId(), out);
            }
            long size = Files.size(tmp);
            Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Instant now = clock.instant();
            if (!db.write(h -> store.ready(h, id, owner, name, size, now, now.plus(keep)))) {
                Files.deleteIfExists(dir.resolve(name)); // another node took over and builds its own
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("export {} failed", id, e);
            deleteQuietly(tmp);
            db.writeVoid(h -> store.failed(h, id, owner));
        }
    }

    private void expire(ExportJob j) {
        if (j.fileName() != null) {
            deleteQuietly(dir.resolve(j.fileName()));
        }
        db.writeVoid(h -> store.expire(h, j.id()));
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stopping = true;
        runner.shutdown();
        try {
            runner.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        db.writeVoid(h -> store.release(h, owner));
    }
}
