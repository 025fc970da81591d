package dev.parley.channels.x;

import java.net.URI;
import java.util.Locale;

/**
 * What the X connector is configured with, handed in by the composition root (the core reads the
 * settings keys and builds this), so nothing in this package reads settings itself.
 *
 * <p>X's app has two kinds of secret: the OAuth 1.0a <em>consumer secret</em> ("API Key Secret"),
 * which signs webhook deliveries and answers the CRC check, and the OAuth 2.0 <em>client
 * secret</em>, with which the confidential client exchanges codes and refreshes tokens.
 *
 * @param clientId       the app's OAuth 2.0 client id, or null when not configured
 * @param clientSecret   the app's OAuth 2.0 client secret, or null
 * @param consumerSecret the app's consumer secret (API Key Secret), or null: every delivery refused
 * @param apiBase        X's API, {@link #API_BASE} unless a test points it at a stub
 * @param uploadBase     where media is uploaded (v2 media upload lives on the API host too)
 * @param authorizeUrl   where a business is sent to grant access, {@link #AUTHORIZE_URL}
 */
public record XSettings(
        String clientId,
        String clientSecret,
        String consumerSecret,
        String apiBase,
        String uploadBase,
        String authorizeUrl) {

    public static final String API_BASE = "https://api.x.com";
    public static final String AUTHORIZE_URL = "https://x.com/i/oauth2/authorize";

    public XSettings {
        clientId = blankToNull(clientId);
        clientSecret = blankToNull(clientSecret);
        consumerSecret = blankToNull(consumerSecret);
        apiBase = base(apiBase == null ? API_BASE : apiBase, "apiBase");
        uploadBase = base(uploadBase == null ? apiBase : uploadBase, "uploadBase");
        authorizeUrl = base(authorizeUrl == null ? AUTHORIZE_URL : authorizeUrl, "authorizeUrl");
    }

    /** X's own hosts with the given secrets. */
    public static XSettings of(String clientId, String clientSecret, String consumerSecret) {
        return new XSettings(clientId, clientSecret, consumerSecret, null, null, null);
    }

    /** The same secrets against another API (a stub in tests): API and uploads both go there. */
    public XSettings at(String base) {
        return new XSettings(clientId, clientSecret, consumerSecret, base, base, authorizeUrl);
    }

    /** Whether the OAuth 2.0 client is configured (connecting an X account needs it). */
    public boolean canConnect() {
        return clientId != null && clientSecret != null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** An http(s) URL without a trailing slash, so paths are appended as "/2/…". */
    private static String base(String url, String name) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is not a URL: " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            throw new IllegalArgumentException(name + " must be an http(s) URL: " + url);
        }
        String s = uri.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
