package dev.parley.business;

import dev.parley.http.Authenticator;
import dev.parley.http.Page;
import dev.parley.http.Principal;
import dev.parley.http.Requests;
import dev.parley.http.Routes;
import io.javalin.config.RoutesConfig;

/** A person's invitations to businesses' teams: list, accept, decline. Only their own: others' are 404. */
final class InvitationRoutes implements Routes {
    private final Authenticator auth;
    private final InvitationService invitations;

    InvitationRoutes(Authenticator auth, InvitationService invitations) {
        this.auth = auth;
        this.invitations = invitations;
    }

    @Override
    public void register(RoutesConfig r) {
        String base = "/api/v1/me/invitations";
        r.get(base, ctx -> {
            Principal p = Requests.principal(ctx, auth);
            ctx.json(new Page<>(invitations.mine(p.accountId()), null));
        });
        r.post(base + "/{id}/accept", ctx -> {
            Principal p = Requests.principal(ctx, auth);
            ctx.json(invitations.accept(p.accountId(), ctx.pathParam("id")));
        });
        r.post(base + "/{id}/decline", ctx -> {
            Principal p = Requests.principal(ctx, auth);
            invitations.decline(p.accountId(), ctx.pathParam("id"));
            ctx.status(204);
        });
    }
}
