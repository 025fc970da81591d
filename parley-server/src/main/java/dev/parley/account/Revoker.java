package dev.parley.account;

import java.time.Instant;

/**
 * The one way to end access that was already granted: sign-out, a password change, a suspension,
 * and later an app's deactivation or an erasure all call it. The caller first makes the store
 * refuse the token (deletes the session, marks the account); a revoker then makes every node stop
 * honouring what it still holds: cached tokens and open sockets.
 */
public interface Revoker {
    /** One token (a session, by its SHA-256) ends. */
    void revokeToken(String tokenHash);

    /** Every token of the account ends: a suspension, an erasure. */
    void revokeAccount(String accountId);

    /** The account's tokens issued before {@code before} end; newer ones keep working. */
    void revokeIssuedBefore(String accountId, Instant before);

    /** For a service used on its own (the admin command, some tests): nothing is open to close. */
    Revoker NONE = new Revoker() {
        @Override
        public void revokeToken(String tokenHash) {}

        @Override
        public void revokeAccount(String accountId) {}

        @Override
        public void revokeIssuedBefore(String accountId, Instant before) {}
    };
}
