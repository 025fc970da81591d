package dev.parley.policy;

import java.util.Optional;

/**
 * The facts the policy reads, implemented by the account feature, so that {@code policy} imports
 * no feature package.
 */
public interface Facts {
    Optional<Party> party(String accountId);

    boolean follows(String followerId, String followeeId);

    boolean likes(String accountId, String businessId);

    /** Either account blocked the other. */
    boolean blockedEitherWay(String a, String b);

    /** {@code blocker} blocked {@code blocked}, one way. */
    boolean hasBlocked(String blocker, String blocked);
}
