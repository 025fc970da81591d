package dev.parley.linkpreview;

import dev.parley.http.Authenticator;
import dev.parley.http.Principal;
import dev.parley.http.Requests;
import dev.parley.http.Routes;
import dev.parley.safety.RateLimits;
import io.javalin.config.RoutesConfig;

/**
 * {@code GET /api/v1/link-preview?url=} and the card's image. Signed-in callers only, each within
 * their own rate limit, since every uncached call makes the node fetch a page.
 */
public final class LinkPreviewRoutes implements Routes {
    private final Authenticator auth;
    private final LinkPreviews previews;
    private final RateLimits limits;

    public LinkPreviewRoutes(Authenticator auth, LinkPreviews previews, RateLimits limits) {
        this.auth = auth;
        this.previews = previews;
        this.limits = limits;
    }

    @Override
    public void register(RoutesConfig r) {
        r.get("/api/v1/link-preview", ctx -> {
            Principal p = Requests.principal(ctx, auth);
            limits.linkPreview(p.accountId());
            ctx.header("Cache-Control", "private, max-age=3600").json(previews.preview(ctx.queryParam("url")));
        });
        r.get("/api/v1/link-preview/image", ctx -> {
            Principal p = Requests.principal(ctx, auth);
            limits.linkPreview(p.accountId());
            LinkPreviews.Image img = previews.image(ctx.queryParam("url"));
            ctx.header("Cache-Control", "private, max-age=3600")
                    .header("X-Content-Type-Options", "nosniff")
                    .contentType(img.type()).result(img.bytes());
        });
    }
}
