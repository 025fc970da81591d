package dev.parley.business;

import dev.parley.http.Acting;
import dev.parley.http.Authenticator;
import dev.parley.http.Caller;
import dev.parley.http.Requests;
import dev.parley.http.Routes;
import io.javalin.config.RoutesConfig;

/** A business's saved replies over HTTP: create, list (by shortcut prefix), read, change, delete, preview. */
public final class SavedReplyRoutes implements Routes {
    private final Authenticator auth;
    private final Acting acting;
    private final SavedReplyService replies;

    SavedReplyRoutes(Authenticator auth, Acting acting, SavedReplyService replies) {
        this.auth = auth;
        this.acting = acting;
        this.replies = replies;
    }

    record Body(String shortcut, String title, String body) {}

    @Override
    public void register(RoutesConfig r) {
        String base = Caller.BUSINESS + "/saved-replies";
        r.post(base, ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            Body b = Requests.body(ctx, Body.class);
            ctx.status(201).json(replies.create(c.accountId(), c.agentId(), b.shortcut(), b.title(), b.body()));
        });
        r.get(base, ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            ctx.json(replies.list(c.accountId(), Requests.query(ctx, "q"), Requests.limit(ctx),
                    Requests.query(ctx, "cursor")));
        });
        r.get(base + "/{sid}", ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            ctx.json(replies.get(c.accountId(), ctx.pathParam("sid")));
        });
        r.patch(base + "/{sid}", ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            Body b = Requests.body(ctx, Body.class);
            ctx.json(replies.update(c.accountId(), c.agentId(), ctx.pathParam("sid"), b.shortcut(), b.title(), b.body()));
        });
        r.delete(base + "/{sid}", ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            replies.delete(c.accountId(), c.agentId(), ctx.pathParam("sid"));
            ctx.status(204);
        });
        r.get(base + "/{sid}/preview", ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            ctx.json(replies.preview(c.accountId(), c.agentId(), ctx.pathParam("sid"),
                    ctx.queryParam("conversation_id")));
        });
    }
}
