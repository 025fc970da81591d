package dev.parley.app;

import dev.parley.outbound.OutboundClient;

import java.io.IOException;
import java.net.URI;

/**
 * Fetches an app's JWKS document. Fetched through the node's one guarded outbound client.
 */
@FunctionalInterface
public interface JwksFetcher {
    /** A JWKS document larger than this is refused: a key set is a few KB. */
    int MAX_BYTES = 256 * 1024;

    /** The body, at most {@link #MAX_BYTES}, within a few seconds, or an IOException. */
    byte[] get(URI uri) throws IOException;

    /**
     * Through the node's guarded outbound client: a JWKS URL naming a private or loopback address
     * is refused unless outbound.allow_private_addresses is on, and no redirect is followed.
     */
    static JwksFetcher through(OutboundClient outbound) {
        return uri -> {
            try {
                OutboundClient.Response r = outbound.get(uri.toString(), MAX_BYTES);
                if (r.status() != 200) {
                    throw new IOException("the JWKS URL answered " + r.status());
                }
                return r.body();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while fetching the JWKS", e);
            }
        };
    }
}
