package dev.parley.conversation;

import dev.parley.http.Acting;
import dev.parley.http.Authenticator;
import dev.parley.http.Caller;
import dev.parley.http.Principal;
import dev.parley.http.Requests;
import dev.parley.http.Routes;
import io.javalin.config.RoutesConfig;

/** {@code PATCH /conversations/{id}/me} (for a person and for a business's agents) and {@code GET /me/unread}. */
final class MemberActionRoutes implements Routes {
    private final Authenticator auth;
    private final Acting acting;
    private final MemberActions actions;

    MemberActionRoutes(Authenticator auth, Acting acting, MemberActions actions) {
        this.auth = auth;
        this.acting = acting;
        this.actions = actions;
    }

    @Override
    public void register(RoutesConfig r) {
        for (String prefix : Caller.PREFIXES) {
            r.patch(prefix + "/conversations/{id}/me", ctx -> {
                Caller c = Caller.of(ctx, auth, acting);
                ctx.json(actions.apply(c.accountId(), ctx.pathParam("id"),
                        Requests.body(ctx, MemberActions.Patch.class)));
            });
        }
        r.get("/api/v1/me/unread", ctx -> {
            Principal p = Requests.principal(ctx, auth);
            ctx.json(actions.unread(p.accountId()));
        });
    }
}
