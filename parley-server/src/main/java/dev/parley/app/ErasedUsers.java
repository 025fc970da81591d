package dev.parley.app;

import java.time.Instant;
import java.util.Optional;

/**
 * When an app's user, by the app's own id, was last erased. An app JWT issued before that time
 * neither signs in nor provisions the user again: the erasure let the external id go, and a token
 * from before it must not bring the person back. The data-rights feature, which keeps its erasure
 * jobs (with the app's id for the user, for {@code user.erased}), implements it.
 */
public interface ErasedUsers {
    Optional<Instant> lastErased(String appId, String externalId);

    /** For the admin command and tests that erase nobody. */
    ErasedUsers NONE = (appId, externalId) -> Optional.empty();
}
