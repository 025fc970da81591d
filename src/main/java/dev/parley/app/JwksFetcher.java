package dev.parley.app;

import java.io.IOException;
import java.net.URI;

/**
 * Fetches an app's JWKS document. Kept to one method so the node's shared guarded outbound
 * client can stand in for {@link GuardedJwksFetcher}.
 */
@FunctionalInterface
public interface JwksFetcher {
    /** The body, at most {@link GuardedJwksFetcher#MAX_BYTES}, within a few seconds, or an IOException. */
    byte[] get(URI uri) throws IOException;
}
