package dev.parley.http;

import io.javalin.config.RoutesConfig;

/**
 * Headers that make the browser hold the web client to what it is: scripts, styles, images and
 * connections only from this origin (so text that slipped into the page as markup cannot run),
 * no framing by other sites unless allowed ({@code web.frame_ancestors}), no MIME sniffing and
 * no Referer leaking a conversation's URL. Set on every answer, the API's included; the API's are
 * also {@code no-store}, unless a route says otherwise.
 */
public final class SecurityHeaders implements Routes {
    private final String csp;

    /**
     * @param publicUrl      the address users reach (empty: unknown, then {@code 'self'} covers
     *                       the same-origin WebSocket in current browsers)
     * @param frameAncestors who may frame the client, e.g. {@code 'none'}
     */
    public SecurityHeaders(String publicUrl, String frameAncestors) {
        this.csp = policy(publicUrl, frameAncestors);
    }

    /** The Content-Security-Policy for these settings. */
    public static String policy(String publicUrl, String frameAncestors) {
        String connect = "'self'";
        if (!publicUrl.isEmpty()) {
            // Some browsers do not count ws(s): as 'self'; name the socket's origin outright.
            connect += " " + publicUrl.replaceFirst("^http", "ws");
        }
        return "default-src 'self'; script-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; "
                + "connect-src " + connect + "; worker-src 'self'; object-src 'none'; base-uri 'none'; "
                + "frame-ancestors " + frameAncestors;
    }

    @Override
    public void register(RoutesConfig r) {
        r.before(ctx -> {
            ctx.header("Content-Security-Policy", csp);
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Referrer-Policy", "no-referrer");
            if (ctx.path().startsWith("/api/")) {
                // An API answer is one account's (its messages, its profile): no browser or shared cache
                // keeps it. Routes whose answers may be kept (media, preview images) set their own.
                ctx.header("Cache-Control", "no-store");
            }
        });
    }
}
