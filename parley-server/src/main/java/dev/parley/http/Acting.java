package dev.parley.http;

/**
 * Whose account a request acts for: the caller's own, or a business the caller is an agent of.
 * The business feature implements it; an account the caller may not act for is not found.
 */
@FunctionalInterface
public interface Acting {
    /** @param businessId null for the caller's own account */
    String accountFor(Principal caller, String businessId);
}
