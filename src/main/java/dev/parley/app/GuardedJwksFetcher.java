package dev.parley.app;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The default {@link JwksFetcher}: HTTPS or HTTP, no redirects, a size and time cap, and no
 * loopback, private, link-local or multicast addresses unless allowed (a JWKS URL is a setting,
 * but a node must not become a probe of its own network).
 */
public final class GuardedJwksFetcher implements JwksFetcher {
    static final int MAX_BYTES = 256 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final boolean allowPrivate;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    public GuardedJwksFetcher(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    @Override
    public byte[] get(URI uri) throws IOException {
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IOException("a JWKS URL must be http(s): " + uri);
        }
        if (!allowPrivate) {
            for (InetAddress a : InetAddress.getAllByName(uri.getHost())) {
                if (isPrivate(a)) {
                    throw new IOException("refusing a private address for the JWKS: " + a.getHostAddress());
                }
            }
        }
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json").GET().build();
        try {
            HttpResponse<InputStream> res = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = res.body()) {
                if (res.statusCode() != 200) {
                    throw new IOException("JWKS answered " + res.statusCode());
                }
                byte[] body = in.readNBytes(MAX_BYTES + 1);
                if (body.length > MAX_BYTES) {
                    throw new IOException("JWKS larger than " + MAX_BYTES + " bytes");
                }
                return body;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted fetching the JWKS", e);
        }
    }

    static boolean isPrivate(InetAddress a) {
        byte[] b = a.getAddress();
        boolean uniqueLocalV6 = b.length == 16 && (b[0] & 0xfe) == 0xfc;
        boolean carrierNat = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
        return a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress() || uniqueLocalV6 || carrierNat;
    }
}
