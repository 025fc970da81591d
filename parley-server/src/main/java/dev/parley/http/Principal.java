package dev.parley.http;

import java.time.Instant;
import java.util.Optional;

/**
 * Who is calling: the signed-in account and the session that proved it.
 *
 * @param bot an external bot of the business {@code accountId}: it acts as the business, and
 *            what it sends counts as automated
 * @param expiresAt when the credential stops working (a minted client token or an app's JWT);
 *                  an open socket ends then. Empty for password sessions, which last until sign-out.
 */
public record Principal(String accountId, String tokenHash, boolean admin, boolean bot, Optional<Instant> expiresAt) {
    public Principal(String accountId, String tokenHash, boolean admin, boolean bot) {
        this(accountId, tokenHash, admin, bot, Optional.empty());
    }

    public Principal(String accountId, String tokenHash, boolean admin) {
        this(accountId, tokenHash, admin, false);
    }
}
