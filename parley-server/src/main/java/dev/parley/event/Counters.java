package dev.parley.event;

import java.util.Map;
import java.util.SortedMap;
import org.jdbi.v3.core.Handle;

/**
 * Where each account's event counter lives. A transaction reserves a run of tokens per account
 * just before it inserts its events, holding whatever makes the reservation exclusive until it
 * commits; accounts are reserved in id order so two writers never deadlock on them.
 */
interface Counters {
    /**
     * Reserves {@code counts.get(a)} tokens for each account {@code a}, in the caller's transaction.
     *
     * @return for each account, the last token before the reservation (the run starts after it)
     */
    Map<String, Long> reserve(Handle h, SortedMap<String, Integer> counts);

    /** The account's newest committed token, 0 if it has none. */
    long last(String accountId);

    /** The newest token pruned from the account's log, 0 if none was. */
    long prunedThrough(String accountId);
}
