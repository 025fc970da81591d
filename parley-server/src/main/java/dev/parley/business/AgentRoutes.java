package dev.parley.business;

import dev.parley.http.Acting;
import dev.parley.http.Authenticator;
import dev.parley.http.Caller;
import dev.parley.http.Page;
import dev.parley.http.Requests;
import dev.parley.http.Routes;
import io.javalin.config.RoutesConfig;

/**
 * A business's team over HTTP: list (agents, then people invited), invite (or change a role),
 * remove (or withdraw an invitation). The invitee answers through {@link InvitationRoutes}.
 */
public final class AgentRoutes implements Routes {
    private final Authenticator auth;
    private final Acting acting;
    private final AgentService agents;

    AgentRoutes(Authenticator auth, Acting acting, AgentService agents) {
        this.auth = auth;
        this.acting = acting;
        this.agents = agents;
    }

    record AddBody(String accountId, String role) {}

    @Override
    public void register(RoutesConfig r) {
        String base = Caller.BUSINESS + "/agents";
        r.get(base, ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            ctx.json(new Page<>(agents.list(c.accountId()), null));
        });
        r.post(base, ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            AddBody b = Requests.body(ctx, AddBody.class);
            AgentService.Added added = agents.add(c.accountId(), c.agentId(), b.accountId(), b.role());
            ctx.status(added.created() ? 201 : 200).json(added.agent());
        });
        r.delete(base + "/{account}", ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            agents.remove(c.accountId(), c.agentId(), ctx.pathParam("account"));
            ctx.status(204);
        });
    }
}
