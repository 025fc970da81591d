package dev.parley.client;

import java.time.Instant;

/**
 * One entry of a business's consent ledger: a customer's opt-in to its promotions.
 *
 * @param method      how they opted in: {@code dm}, {@code web}, {@code api} or {@code in_store}
 * @param withdrawnAt when they withdrew it, or null while it stands
 */
public record Consent(String accountId, Instant grantedAt, String method, Instant withdrawnAt) {}
