package dev.parley.http;

import java.util.Optional;

/** Turns a bearer token into the caller; implemented by the account feature. */
public interface Authenticator {
    Optional<Principal> authenticate(String token);

    /**
     * The same, given the {@code X-Parley-User} header too: an app's secret acts as the user it
     * names there. Credentials that name their own account ignore the header.
     */
    default Optional<Principal> authenticate(String token, String actingUser) {
        return authenticate(token);
    }
}
