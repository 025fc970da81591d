package dev.parley.automation;

import dev.parley.http.Acting;
import dev.parley.http.ApiException;
import dev.parley.http.Authenticator;
import dev.parley.http.Caller;
import dev.parley.http.Page;
import dev.parley.http.Requests;
import dev.parley.http.Routes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.function.BiPredicate;

/** A business's external bots: register, list, remove, and read each one's delivery log. */
public final class BotRoutes implements Routes {
    private final Authenticator auth;
    private final Acting acting;
    private final BotService bots;
    private final BiPredicate<String, String> mayManage;

    /** @param mayManage (business, person) → may this person manage the business's bots (owners, admins) */
    public BotRoutes(Authenticator auth, Acting acting, BotService bots, BiPredicate<String, String> mayManage) {
        this.auth = auth;
        this.acting = acting;
        this.bots = bots;
        this.mayManage = mayManage;
    }

    record RegisterBody(String name, String url) {}

    @Override
    public void register(RoutesConfig r) {
        r.post(Caller.BUSINESS + "/bots", ctx -> {
            Caller c = manager(ctx);
            RegisterBody b = Requests.body(ctx, RegisterBody.class);
            ctx.status(201).json(bots.register(c.accountId(), b.name(), b.url()));
        });
        r.get(Caller.BUSINESS + "/bots", ctx -> ctx.json(new Page<>(bots.list(manager(ctx).accountId()), null)));
        r.delete(Caller.BUSINESS + "/bots/{bot}", ctx -> {
            bots.delete(manager(ctx).accountId(), ctx.pathParam("bot"));
            ctx.status(204);
        });
        r.get(Caller.BUSINESS + "/bots/{bot}/deliveries", ctx -> {
            Caller c = manager(ctx);
            ctx.json(new Page<>(bots.deliveries(c.accountId(), ctx.pathParam("bot"), Requests.limit(ctx)), null));
        });
    }

    /** Owners and admins manage bots; other agents are told so; outsiders learn nothing (404). */
    private Caller manager(Context ctx) {
        Caller c = Caller.of(ctx, auth, acting);
        if (c.agentId() == null || !mayManage.test(c.accountId(), c.agentId())) {
            throw ApiException.forbidden("forbidden", "Only the business's owners and admins manage its bots.");
        }
        return c;
    }
}
