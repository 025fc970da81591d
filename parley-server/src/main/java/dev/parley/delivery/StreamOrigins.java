package dev.parley.delivery;

import dev.parley.http.ApiException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which web pages may open the stream. A browser cannot set headers on a WebSocket, so it comes
 * with a ticket and always names its page's {@code Origin}; that origin must be {@code public_url}'s
 * (or, when that is empty, the one the request itself names in {@code Host}) or one listed in
 * {@code stream.allowed_origins}. Anything else (another site, a sandboxed {@code null}) is
 * refused, so a page elsewhere cannot ride a signed-in user's ticket. Clients that send a Bearer
 * header are not browsers and are not checked, nor is a ticket brought without an Origin.
 */
public final class StreamOrigins {
    private final Optional<String> publicOrigin;
    private final Set<String> allowed;

    public StreamOrigins(String publicUrl, List<String> allowedOrigins) {
        this.publicOrigin = publicUrl.isBlank() ? Optional.empty() : Optional.of(normalize(publicUrl));
        this.allowed = allowedOrigins.stream().map(StreamOrigins::normalize).collect(Collectors.toUnmodifiableSet());
    }

    /** Throws 403 {@code origin_not_allowed} for a ticket brought from a page not allowed here. */
    void check(String origin, String host, boolean ticket) {
        if (!ticket || origin == null) {
            return;
        }
        String o = normalize(origin);
        boolean own = publicOrigin.map(o::equals)
                .orElseGet(() -> host != null && (o.equals(normalize("http://" + host)) || o.equals(normalize("https://" + host))));
        if (!own && !allowed.contains(o)) {
            throw ApiException.forbidden("origin_not_allowed",
                    "Pages from this origin may not open the stream; see the setting stream.allowed_origins.");
        }
    }

    /** scheme://host[:port] in lower case, without a default port; garbage comes back as it is (and matches nothing). */
    static String normalize(String url) {
        try {
            URI u = new URI(url.trim());
            if (u.getScheme() == null || u.getHost() == null) {
                return url.trim().toLowerCase(Locale.ROOT);
            }
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            int port = u.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
            return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (java.net.URISyntaxException e) {
            return url.trim().toLowerCase(Locale.ROOT);
        }
    }
}
