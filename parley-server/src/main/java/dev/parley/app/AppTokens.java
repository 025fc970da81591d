package dev.parley.app;

import dev.parley.account.Account;
import dev.parley.account.AccountService;
import dev.parley.http.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Client tokens an app mints for its users, and "revoke every token issued before T", for one
 * user or the whole app. Minted tokens are session rows (see {@link AccountService#mintToken});
 * the cutoffs are also stored, because the app's own JWTs have no row to delete.
 */
public final class AppTokens {
    static final Duration DEFAULT_TTL = Duration.ofHours(1);
    static final Duration MAX_TTL = Duration.ofHours(24);

    private final AccountService accounts;
    private final AppStore store;
    private final AppUsers users;
    private final Apps apps;
    private final Clock clock;
    private final Runnable forgetVerifiedJwts;

    public record Minted(String token, Instant expiresAt) {}

    public record Revoked(Instant before, int tokens) {}

    public AppTokens(AccountService accounts, AppStore store, AppUsers users, Apps apps, Clock clock,
                     Runnable forgetVerifiedJwts) {
        this.forgetVerifiedJwts = forgetVerifiedJwts;
        this.accounts = accounts;
        this.store = store;
        this.users = users;
        this.apps = apps;
        this.clock = clock;
    }

    public Minted mint(App app, String externalId, Long ttlSeconds) {
        Duration ttl = ttlSeconds == null ? DEFAULT_TTL : Duration.ofSeconds(ttlSeconds);
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw ApiException.validation("Field 'ttl_seconds' must be 1 to " + MAX_TTL.toSeconds() + ".");
        }
        Account a = users.require(app.id(), externalId);
        if (a.suspended()) {
            if (store.standing(a.id()).suspended()) {
                throw AppUsers.suspendedByAdmin(403);
            }
            throw ApiException.forbidden("deactivated", "This user is deactivated; reactivate them first.");
        }
        Instant expires = clock.instant().plus(ttl);
        return new Minted(accounts.mintToken(a.id(), expires), expires);
    }

    public Revoked revokeUser(App app, String externalId, Instant beforeRaw) {
        return revokeUserBefore(app, externalId, cutoff(beforeRaw));
    }

    private Revoked revokeUserBefore(App app, String externalId, Instant before) {
        Account a = users.require(app.id(), externalId);
        Instant inForce = store.setUserTokensBefore(a.id(), before); // the later of this and the one before
        forgetVerifiedJwts.run();
        apps.revokedBefore(); // other nodes drop the user's verified JWTs too
        return new Revoked(inForce, accounts.revokeTokensBefore(a.id(), before));
    }

    /**
     * Deactivates the user and revokes everything issued to them before now: a JWT cached as
     * verified stops at once, and one issued before the deactivation stays dead after a
     * reactivation, as minted tokens (deleted sessions) do.
     */
    public AppUsers.View deactivate(App app, String externalId) {
        AppUsers.View deactivated = users.deactivate(app.id(), externalId);
        // To the next whole second: JWTs compare by iat's second, and one issued earlier in this
        // second must stay dead after a reactivation too.
        revokeUserBefore(app, externalId, clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(1));
        return deactivated;
    }

    public Revoked revokeApp(App app, Instant beforeRaw) {
        Instant before = cutoff(beforeRaw);
        Instant inForce = store.setTokensBefore(app.id(), before); // the later of this and the one before
        apps.revokedBefore();
        forgetVerifiedJwts.run();
        int n = 0;
        for (String id : store.userIds(app.id())) {
            n += accounts.revokeTokensBefore(id, before);
        }
        return new Revoked(inForce, n);
    }

    /** Ends every session and socket of the app's users, on every node (the app was revoked). */
    void signOutAll(App app) {
        for (String id : store.userIds(app.id())) {
            accounts.signOutEverywhere(id);
        }
    }

    /** Absent means now; a time in the future is taken as now (tokens not yet issued can't be named). */
    private Instant cutoff(Instant before) {
        Instant now = clock.instant();
        // One millisecond past "now": a token minted in this very millisecond is revoked too.
        Instant latest = now.plusMillis(1);
        return before == null || before.isAfter(latest) ? latest : before;
    }
}
