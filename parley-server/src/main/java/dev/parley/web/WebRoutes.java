package dev.parley.web;

import dev.parley.http.ApiException;
import dev.parley.http.Routes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * The web client over HTTP: its page at {@code /}, always revalidated ({@code no-cache} with the
 * build id as its ETag), so a visit after an upgrade gets the new build's addresses, while a visit
 * to the same build is a 304 and everything else comes from the browser's cache without asking;
 * the service worker at {@code /sw.js} and the few files with fixed addresses (the manifest, the
 * favicon, the icons), revalidated the same way; and every file of the build under
 * {@link WebAssets#prefix()}, immutable for a year.
 *
 * @implNote The files are served from the copy {@link WebAssets} read at start, not through
 *     Jetty's classpath resources: Javalin's two static handlers mounted the node's jar (28,000
 *     entries) as a zip file system eight times, 60 MB of the idle node's 103 MB of live heap,
 *     held for as long as it ran.
 */
public final class WebRoutes implements Routes {
    /** Immutable: the address changes with the content. */
    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private final WebAssets assets;
    private final String etag;

    public WebRoutes(WebAssets assets) {
        this.assets = assets;
        this.etag = "\"" + assets.buildId() + "\"";
    }

    @Override
    public void register(RoutesConfig r) {
        serve(r, "/", this::page);
        serve(r, "/" + WebAssets.WORKER, this::worker);
        for (String fixed : WebAssets.FIXED) {
            if (fixed.endsWith("/")) { // a folder of them: the icons
                serve(r, "/" + fixed + "{file}", ctx -> fixed(ctx, fixed + ctx.pathParam("file")));
            } else {
                serve(r, "/" + fixed, ctx -> fixed(ctx, fixed));
            }
        }
        serve(r, "/assets/{build}/<path>", this::asset);
    }

    /** GET, and HEAD with the same headers (the server leaves the body out), as a static file server answers. */
    private static void serve(RoutesConfig r, String path, Handler handler) {
        r.get(path, handler);
        r.head(path, handler);
    }

    /**
     * The service worker, revalidated like the page: a new build's worker differs by its build id,
     * so the browser installs it (keeping the new build for offline use) and drops the old one's cache.
     */
    private void worker(Context ctx) {
        if (!unchanged(ctx)) {
            ctx.contentType("text/javascript; charset=utf-8").result(assets.worker());
        }
    }

    private void page(Context ctx) {
        if (!unchanged(ctx)) {
            ctx.contentType("text/html; charset=utf-8").result(assets.page());
        }
    }

    /** A file at a fixed address (the manifest, an icon): its bytes change only with the build. */
    private void fixed(Context ctx, String path) {
        byte[] bytes = assets.file(path).orElseThrow(() -> ApiException.unknownRoute());
        if (!unchanged(ctx)) {
            ctx.contentType(WebAssets.contentType(path)).result(bytes);
        }
    }

    /** A file of this build: another build's address, or no such file, is the API's 404. */
    private void asset(Context ctx) {
        String path = ctx.pathParam("path");
        byte[] bytes = assets.buildId().equals(ctx.pathParam("build")) ? assets.file(path).orElse(null) : null;
        if (bytes == null) {
            throw ApiException.unknownRoute();
        }
        ctx.header("Cache-Control", IMMUTABLE);
        ctx.contentType(WebAssets.contentType(path)).result(bytes);
    }

    /** Marks the answer as revalidated on every use; answers 304 (and true) when the browser has this build's. */
    private boolean unchanged(Context ctx) {
        ctx.header("Cache-Control", "no-cache");
        ctx.header("ETag", etag);
        String asked = ctx.header("If-None-Match");
        if (asked != null && asked.contains(etag)) { // one tag, a list, or W/"…": the same build
            ctx.status(304);
            return true;
        }
        return false;
    }
}
