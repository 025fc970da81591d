package dev.parley.channels.x;

import java.net.URI;
import java.util.Locale;

/** Which hosts may be handed the business's X token: X's own, and the API host Parley is configured with. */
final class XHosts {
    private static final String[] X_DOMAINS = {"twimg.com", "x.com", "twitter.com"};

    private XHosts() {}

    static boolean mayCarryToken(String url, String apiBase) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
        String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
        if (host == null || uri.getRawUserInfo() != null) {
            return false;
        }
        URI api = URI.create(apiBase);
        if (host.equals(api.getHost()) && uri.getPort() == api.getPort() && sameScheme(uri, api)) {
            return true;
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            return false;
        }
        for (String d : X_DOMAINS) {
            if (host.equals(d) || host.endsWith("." + d)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameScheme(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme());
    }
}
