package dev.parley.event;

import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Writes what must commit together with a transaction's events (a derived log such as an app's
 * event feed), inside that transaction, after its events were numbered: if the transaction rolls
 * back, so does this write, and a crash can never keep one without the other. Runs on the
 * committing thread under the transaction's locks, so it must be quick and must not call out.
 */
@FunctionalInterface
public interface BeforeCommit {
    /**
     * @param events   the transaction's numbered events, one per account told
     * @param appended the same facts as they were appended: one entry per fact, in order
     */
    void beforeCommit(Handle h, List<Event> events, List<Appended> appended);
}
