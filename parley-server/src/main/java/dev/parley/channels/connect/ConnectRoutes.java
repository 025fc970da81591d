package dev.parley.channels.connect;

import dev.parley.channels.Network;
import dev.parley.http.Acting;
import dev.parley.http.ApiException;
import dev.parley.http.Authenticator;
import dev.parley.http.Caller;
import dev.parley.http.Page;
import dev.parley.http.Requests;
import dev.parley.http.Routes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * The connect flow's routes: under a business, what can be connected, the start of a flow and the
 * choice of a Page (owners and admins; a stranger gets the same 404 as an unknown business); and
 * the public callback the network redirects the owner's browser to, which always answers a 303 to
 * the web client's settings, whatever happened.
 */
final class ConnectRoutes implements Routes {
    private final Authenticator auth;
    private final Acting acting;
    private final BiPredicate<String, String> mayManage;
    private final ChannelConnect connect;

    ConnectRoutes(Authenticator auth, Acting acting, BiPredicate<String, String> mayManage, ChannelConnect connect) {
        this.auth = auth;
        this.acting = acting;
        this.mayManage = mayManage;
        this.connect = connect;
    }

    record PickBody(String externalId) {}

    @Override
    public void register(RoutesConfig r) {
        String b = Caller.BUSINESS + "/channels";
        r.get(b + "/connect", ctx -> {
            Caller.of(ctx, auth, acting);
            ctx.json(new Page<>(connect.availability(), null));
        });
        r.post(b + "/{network}/connect", ctx -> {
            Caller c = manager(ctx);
            String url = connect.start(c.accountId(), c.agentId(), ctx.pathParam("network"), origin(ctx));
            ctx.json(Map.of("authorize_url", url));
        });
        r.get(b + "/connect/choices/{choice}", ctx -> {
            Caller c = manager(ctx);
            ctx.json(connect.choice(c.accountId(), c.agentId(), ctx.pathParam("choice")));
        });
        r.post(b + "/connect/choices/{choice}", ctx -> {
            Caller c = manager(ctx);
            String picked = Requests.required(Requests.body(ctx, PickBody.class).externalId(), "external_id");
            ctx.status(201).json(connect.choose(c.accountId(), c.agentId(), ctx.pathParam("choice"), picked));
        });
        r.get("/api/v1/channels/{network}/oauth/callback", ctx -> {
            if (Network.of(ctx.pathParam("network")).isEmpty()) {
                throw ApiException.notFound("network");
            }
            Map<String, String> query = new HashMap<>();
            ctx.queryParamMap().forEach((k, v) -> query.put(k, v.isEmpty() ? "" : v.get(0)));
            ctx.header("Cache-Control", "no-store");
            ctx.header("Referrer-Policy", "no-referrer"); // the code and state stay out of the next page's Referer
            ctx.redirect(connect.callback(ctx.pathParam("network"), query), io.javalin.http.HttpStatus.SEE_OTHER);
        });
    }

    private Caller manager(Context ctx) {
        Caller c = Caller.of(ctx, auth, acting);
        if (c.agentId() == null || !mayManage.test(c.accountId(), c.agentId())) {
            throw ApiException.forbidden("not_a_manager", "Only the business's owner and admins manage its channels.");
        }
        return c;
    }

    /** The address this request was made to, for the redirect URI when {@code public_url} is not set. */
    private static String origin(Context ctx) {
        return ctx.scheme() + "://" + ctx.host();
    }
}
