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
 * @param issuedAt  when a credential that is no session row was issued (an app's JWT: its iat);
 *                  empty when the store knows (a session row)
 */
public record Principal(String accountId, String tokenHash, boolean admin, boolean bot, Optional<Instant> expiresAt,
                        Optional<Instant> issuedAt) {
    /** The token hash of an app's JWT, which no session row holds (followed by the token's SHA-256). */
    public static final String JWT = "jwt:";
    /** The "token hash" of an app's secret acting for one of its users (followed by the app's id). */
    public static final String APP = "app:";

    public Principal(String accountId, String tokenHash, boolean admin, boolean bot, Optional<Instant> expiresAt) {
        this(accountId, tokenHash, admin, bot, expiresAt, Optional.empty());
    }

    public Principal(String accountId, String tokenHash, boolean admin, boolean bot) {
        this(accountId, tokenHash, admin, bot, Optional.empty());
    }

    /**
     * A credential no session row holds (an app's JWT, an app's secret acting for a user): the
     * store cannot say whether it still stands; its expiry, revoke-before and deactivation end it.
     */
    public static boolean stateless(String tokenHash) {
        return tokenHash != null && (tokenHash.startsWith(JWT) || tokenHash.startsWith(APP));
    }

    public Principal(String accountId, String tokenHash, boolean admin) {
        this(accountId, tokenHash, admin, false);
    }
}
