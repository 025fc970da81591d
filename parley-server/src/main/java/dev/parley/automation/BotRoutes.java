package dev.parley.automation;

import dev.parley.http.Acting;
import dev.parley.http.Authenticator;
import dev.parley.http.Caller;
import dev.parley.http.Page;
import dev.parley.http.Requests;
import dev.parley.http.Routes;
import io.javalin.config.RoutesConfig;
import java.util.function.BiPredicate;

/** A business's external bots: register, list, remove, and read each one's delivery log. */
public final class BotRoutes implements Routes {
    private final Authenticator auth;
    private final Acting acting;
    private final BotService bots;
    private final Managers managers;

    /** @param mayManage (business, person) → may this person manage the business's bots (owners, admins) */
    public BotRoutes(Authenticator auth, Acting acting, BotService bots, BiPredicate<String, String> mayManage) {
        this.auth = auth;
        this.acting = acting;
        this.bots = bots;
        this.managers = new Managers(auth, acting, mayManage);
    }

    record RegisterBody(String name, String url) {}

    @Override
    public void register(RoutesConfig r) {
        r.post(Caller.BUSINESS + "/bots", ctx -> {
            Caller c = managers.require(ctx, "manage its bots");
            RegisterBody b = Requests.body(ctx, RegisterBody.class);
            ctx.status(201).json(bots.register(c.accountId(), b.name(), b.url()));
        });
        r.get(Caller.BUSINESS + "/bots", ctx -> {
            Caller c = managers.require(ctx, "manage its bots");
            ctx.json(new Page<>(bots.list(c.accountId()), null));
        });
        r.delete(Caller.BUSINESS + "/bots/{bot}", ctx -> {
            bots.delete(managers.require(ctx, "manage its bots").accountId(), ctx.pathParam("bot"));
            ctx.status(204);
        });
        r.get(Caller.BUSINESS + "/bots/{bot}/deliveries", ctx -> {
            Caller c = managers.require(ctx, "manage its bots");
            ctx.json(new Page<>(bots.deliveries(c.accountId(), ctx.pathParam("bot"), Requests.limit(ctx)), null));
        });
    }

}
