package dev.parley.http;

import java.util.Optional;

/** Turns a bearer token into the caller; implemented by the account feature. */
public interface Authenticator {
    Optional<Principal> authenticate(String token);
}
