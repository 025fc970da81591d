package dev.parley.web;

import dev.parley.http.Routes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * The web client's page at {@code /}: always revalidated ({@code no-cache} with the build id as
 * its ETag), so a visit after an upgrade gets the new build's addresses, while a visit to the
 * same build is a 304 and everything else comes from the browser's cache without asking; and the
 * service worker at {@code /sw.js}, revalidated the same way. The assets themselves are served by {@code http.HttpServer} under {@link WebAssets#prefix()}.
 */
public final class WebRoutes implements Routes {
    private final WebAssets assets;
    private final String etag;

    public WebRoutes(WebAssets assets) {
        this.assets = assets;
        this.etag = "\"" + assets.buildId() + "\"";
    }

    @Override
    public void register(RoutesConfig r) {
        r.get("/", this::page);
        r.get("/" + WebAssets.WORKER, this::worker);
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
