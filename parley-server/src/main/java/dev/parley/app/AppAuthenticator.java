package dev.parley.app;

import dev.parley.http.ApiException;
import dev.parley.http.Authenticator;
import dev.parley.http.Principal;
import java.util.Optional;

/**
 * Puts apps in front of the node's other credentials: an app's secret with
 * {@code X-Parley-User: <external id>} acts as that user; the app's own JWTs (when configured)
 * act as the user named by {@code sub}; anything else goes to the sessions and bots.
 */
public final class AppAuthenticator implements Authenticator {
    private final Authenticator next;
    private final Apps apps;
    private final Optional<AppJwt> jwt;

    public AppAuthenticator(Authenticator next, Apps apps, Optional<AppJwt> jwt) {
        this.next = next;
        this.apps = apps;
        this.jwt = jwt;
    }

    @Override
    public Optional<Principal> authenticate(String token) {
        if (token.startsWith(Apps.PREFIX)) {
            return Optional.empty(); // an app's secret on a user route must name the user
        }
        if (jwt.isPresent() && AppJwt.looksLikeJwt(token)) {
            apps.recheck(); // an app revoked by the CLI drops its verified JWTs within app.recheck
            return jwt.get().authenticate(token);
        }
        apps.recheck(); // and the client tokens it minted (at most one read of the store a recheck period)
        return next.authenticate(token);
    }

    @Override
    public Optional<Principal> authenticate(String token, String actingUser) {
        if (!token.startsWith(Apps.PREFIX)) {
            return authenticate(token);
        }
        Optional<App> app = apps.bySecret(token);
        if (app.isEmpty()) {
            return Optional.empty();
        }
        // The secret is good, so the app may hear what is wrong with the rest: it knows its own users.
        if (actingUser == null || actingUser.isBlank()) {
            throw new ApiException(401, "acting_user_required", "Name the user",
                    "An app's secret acts as one of its users: send their external id in X-Parley-User.");
        }
        return apps.store().user(app.get().id(), actingUser.strip())
                .or(() -> {
                    throw new ApiException(401, "unknown_app_user", "No such user in this app",
                            "No user with that external id was provisioned by this app: PUT /api/v1/app/users/{id} first.");
                })
                .filter(a -> !a.suspended())
                // The secret's hash rides in the credential: a socket opened with it ends when it stops working.
                .map(a -> new Principal(a.id(), AppStore.actingCredential(a.appId().orElseThrow(),
                        dev.parley.account.AccountService.sha256(token)), false, false,
                        Optional.empty(), Optional.of(java.time.Instant.now())));
    }
}
