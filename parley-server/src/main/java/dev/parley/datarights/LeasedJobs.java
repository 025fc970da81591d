package dev.parley.datarights;

import dev.parley.lifecycle.Pacer;
import dev.parley.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;

/**
 * A table of jobs every node runs and one node at a time works, under a lease: erasures and
 * exports. A node that stops lets go of its leases; one that dies lets them run out.
 */
interface LeasedJobs {
    /** Jobs no live lease holds. */
    List<String> claimable(Handle h, Instant now);

    /** One conditional UPDATE: of several nodes, one wins. */
    boolean claim(Handle h, String id, String node, Instant now, Instant until);

    /** Lets go of this node's leases, so another (or this one restarted) takes the jobs at once. */
    void release(Handle h, String node);

    /**
     * The pace of a runner's look for jobs: every second while there are any, backing off to 8 s while
     * there are none (jobs come hours apart, and a request on this node kicks the runner at once).
     */
    static Pacer pace(ScheduledExecutorService runner, BooleanSupplier tick) {
        return new Pacer(runner, Duration.ofSeconds(1), Duration.ofSeconds(8), tick);
    }

    /** Claims each job no live lease holds and works the ones this node won, until it is stopping. */
    static boolean workClaimed(Database db, LeasedJobs jobs, String owner, Duration lease, Clock clock,
                               BooleanSupplier stopping, Consumer<String> work) {
        Instant now = clock.instant();
        List<String> claimable = db.read(h -> jobs.claimable(h, now));
        for (String id : claimable) {
            if (stopping.getAsBoolean()) {
                return true;
            }
            if (db.write(h -> jobs.claim(h, id, owner, now, now.plus(lease)))) {
                work.accept(id);
            }
        }
        return !claimable.isEmpty();
    }
}
