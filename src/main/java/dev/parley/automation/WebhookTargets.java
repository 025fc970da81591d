package dev.parley.automation;

import dev.parley.http.ApiException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

/**
 * Where webhooks may go. A target on a loopback, private, link-local or unspecified address is
 * refused (it would let a business probe the server's own network) unless the operator allows
 * it with {@code automation.allow_private_webhooks=on}. Checked when a bot is registered and
 * again before each delivery, since a name can come to resolve elsewhere.
 */
public final class WebhookTargets {
    private final boolean allowPrivate;

    public WebhookTargets(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** @throws ApiException 422 when the URL is malformed or points somewhere it must not */
    public URI check(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            throw ApiException.validation("'url' is not a valid URL.");
        }
        String scheme = uri.getScheme();
        if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme) || uri.getHost() == null) {
            throw ApiException.validation("'url' must be an http or https URL with a host.");
        }
        if (!allowPrivate) {
            try {
                for (InetAddress a : InetAddress.getAllByName(uri.getHost())) {
                    if (isPrivate(a)) {
                        throw ApiException.validation("Webhooks can't go to a private or loopback address ("
                                + a.getHostAddress() + ").");
                    }
                }
            } catch (UnknownHostException e) {
                throw ApiException.validation("'url' names a host that doesn't resolve: " + uri.getHost());
            }
        }
        return uri;
    }

    static boolean isPrivate(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        // IPv6 unique local addresses (fc00::/7) and IPv4 carrier-grade NAT (100.64.0.0/10).
        return (b.length == 16 && (b[0] & 0xfe) == 0xfc)
                || (b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64);
    }
}
