package dev.parley.web;

import dev.parley.http.Routes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * The web client's page at {@code /}: always revalidated ({@code no-cache} with the build id as
 * its ETag), so a visit after an upgrade gets the new build's addresses, while a visit to the
 * same build is a 304 and everything else comes from the browser's cache without asking.
 * The assets themselves are served by {@code http.HttpServer} under {@link WebAssets#prefix()}.
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
    }

    private void page(Context ctx) {
        ctx.header("Cache-Control", "no-cache");
        ctx.header("ETag", etag);
        String asked = ctx.header("If-None-Match");
        if (asked != null && asked.contains(etag)) { // one tag, a list, or W/"…": the same build
            ctx.status(304);
            return;
        }
        ctx.contentType("text/html; charset=utf-8").result(assets.page());
    }
}
