package dev.parley.responsiveness;

import dev.parley.http.Acting;
import dev.parley.http.ApiException;
import dev.parley.http.Authenticator;
import dev.parley.http.Caller;
import dev.parley.http.Requests;
import dev.parley.http.Routes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * A business's response figures for its people: {@code GET …/metrics} (JSON) and
 * {@code GET …/metrics/export} (CSV, a row per customer request). Any agent of the business may
 * read them, so a team can see how it is doing; outsiders learn nothing (404, as for an unknown
 * business); a bot's token is not a person of the team (403).
 */
public final class ResponsivenessRoutes implements Routes {
    private final Authenticator auth;
    private final Acting acting;
    private final ResponsivenessService service;

    public ResponsivenessRoutes(Authenticator auth, Acting acting, ResponsivenessService service) {
        this.auth = auth;
        this.acting = acting;
        this.service = service;
    }

    @Override
    public void register(RoutesConfig r) {
        String b = Caller.BUSINESS;
        r.get(b + "/metrics", ctx -> ctx.json(service.report(person(ctx).accountId(), Requests.query(ctx, "from"),
                Requests.query(ctx, "to"))));
        r.get(b + "/metrics/export", ctx -> {
            Caller c = person(ctx);
            String csv = service.csv(c.accountId(), Requests.query(ctx, "from"), Requests.query(ctx, "to"));
            ctx.contentType("text/csv; charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"parley-responsiveness.csv\"")
                    .result(csv);
        });
    }

    private Caller person(Context ctx) {
        Caller c = Caller.of(ctx, auth, acting);
        if (c.agentId() == null) {
            throw ApiException.forbidden("forbidden", "Only the business's people read its response figures.");
        }
        return c;
    }
}
