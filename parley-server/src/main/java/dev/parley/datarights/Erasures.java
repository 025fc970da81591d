package dev.parley.datarights;

import dev.parley.account.Account;
import dev.parley.account.AccountService;
import dev.parley.appevents.AppEventPublisher;
import dev.parley.lifecycle.Pacer;
import dev.parley.store.Database;
import dev.parley.store.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erasure: the request (one transaction makes the account a tombstone that no token opens and
 * records the job; then every node closes its sockets), and the runner that works the jobs in
 * small batches. Every node runs the runner; a job is worked by the one node holding its lease, so
 * in a cluster one node erases while the others send. A node stopping releases its leases; one
 * dying lets them run out, and whoever claims the job next continues from its last batch.
 */
public final class Erasures implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Erasures.class);
    static final Duration LEASE = Duration.ofSeconds(30);

    private final Database db;
    private final ErasureStore store;
    private final ErasureSteps steps;
    private final AccountService accounts;
    private final AppEventPublisher appEvents;
    private final java.util.function.Consumer<String> alsoErase;
    private final Duration coolOff;
    private final Clock clock;
    private final String owner;
    private final ScheduledExecutorService runner;
    private final Pacer pacer;
    private volatile boolean stopping;

    Erasures(Database db, ErasureStore store, ErasureSteps steps, AccountService accounts, AppEventPublisher appEvents,
             java.util.function.Consumer<String> alsoErase, Duration coolOff, Clock clock, String owner) {
        this.db = db;
        this.store = store;
        this.steps = steps;
        this.accounts = accounts;
        this.appEvents = appEvents;
        this.alsoErase = alsoErase;
        this.coolOff = coolOff;
        this.clock = clock;
        this.owner = owner;
        this.runner = Pacer.loop("parley-erasure");
        this.pacer = LeasedJobs.pace(runner, this::tick);
    }

    /**
     * Starts the runner: it looks for jobs with no live lease and frees handles now due, every second
     * while there are any, backing off to 8 s while there are none (a request here starts a look at once).
     */
    void start() {
        pacer.start(Duration.ZERO);
    }

    /**
     * Erases an account: at once, no token opens it and every socket closes; the rest follows in the
     * job. Asking again for an account already being erased answers the same job.
     *
     * @param requestedBy self, admin or app
     */
    public ErasureJob request(Account a, String requestedBy) {
        Instant now = clock.instant();
        ErasureJob fresh = new ErasureJob(Ids.next('e'), a.id(), requestedBy, a.appId().orElse(null),
                a.externalId().orElse(null), ErasureJob.RUNNING, ErasureSteps.MESSAGES, "", 0, 0, 0,
                now.plus(coolOff), false, now, null);
        ErasureJob job = db.write(x -> {
            if (!store.tombstone(x, a.id(), now)) {
                return store.latestOf(x, a.id()).orElse(null);
            }
            store.insert(x, fresh, now);
            return fresh;
        });
        if (job == null) { // erased before this feature kept jobs: nothing to follow
            throw dev.parley.http.ApiException.notFound("account");
        }
        accounts.signOutEverywhere(a.id()); // the one revocation path: caches and sockets, on every node
        pacer.kick();
        return job;
    }

    public Optional<ErasureJob> job(String id) {
        return db.read(h -> store.byId(h, id));
    }

    /** Answers whether there was a job to work or anything due. */
    private boolean tick() {
        try {
            boolean found = LeasedJobs.workClaimed(db, store, owner, LEASE, clock, () -> stopping, this::work);
            if (stopping) {
                return true;
            }
            for (String account : db.read(h -> store.dueHandles(h, clock.instant()))) {
                db.writeVoid(h -> store.freeHandle(h, account));
                found = true;
            }
            return found;
        } catch (RuntimeException e) {
            LOG.warn("erasure runner: a batch failed; it will be retried", e);
            return true;
        }
    }

    /** Thrown inside a batch's transaction when the lease went to another node: the batch rolls back. */
    private static final class LeaseLost extends RuntimeException {
        LeaseLost() {
            super(null, null, false, false);
        }
    }

    private void work(String id) {
        while (!stopping) {
            ErasureJob j = job(id).orElse(null);
            if (j == null || ErasureJob.DONE.equals(j.status())) {
                return;
            }
            if (ErasureSteps.DONE.equals(j.step())) {
                finish(j);
                return;
            }
            long started = System.nanoTime();
            try {
                steps.next(j, (h, p) -> {
                    Instant now = clock.instant();
                    if (!store.advance(h, j, p.step(), p.cursorAccount(), p.cursorToken(), p.messages(), p.events(),
                            owner, now, now.plus(LEASE))) {
                        throw new LeaseLost();
                    }
                    return p;
                });
            } catch (LeaseLost e) {
                return;
            }
            rest(System.nanoTime() - started);
        }
    }

    /**
     * Between batches the runner rests as long as the batch took: at most half of the store's
     * writing time goes to an erasure, so sends keep their pace while it runs.
     */
    private void rest(long batchNanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(Math.min(batchNanos, TimeUnit.SECONDS.toNanos(1)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    /** Files and ready exports go (see DataRightsModule), the app hears user.erased (once per job, even if repeated after a crash), then done. */
    private void finish(ErasureJob j) {
        alsoErase.accept(j.accountId());
        Instant now = clock.instant();
        if (j.appId() != null && j.externalId() != null) {
            appEvents.userErased(j.appId(), j.externalId(), j.accountId(), j.id(), now);
        }
        db.write(h -> store.finish(h, j, owner, now));
        LOG.info("erasure {} of account {} done: {} messages, {} events stripped", j.id(), j.accountId(),
                j.messagesErased(), j.eventsStripped());
    }

    /** Stops between batches and lets go of this node's leases, so a restarted node resumes at once. */
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
