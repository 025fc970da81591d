package dev.parley.http;

/**
 * Who is calling: the signed-in account and the session that proved it.
 *
 * @param bot an external bot of the business {@code accountId}: it acts as the business, and
 *            what it sends counts as automated
 */
public record Principal(String accountId, String tokenHash, boolean admin, boolean bot) {
    public Principal(String accountId, String tokenHash, boolean admin) {
        this(accountId, tokenHash, admin, false);
    }
}
