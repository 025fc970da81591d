package dev.parley.satisfaction;

import dev.parley.http.Authenticator;
import dev.parley.http.Principal;
import dev.parley.http.Requests;
import dev.parley.http.Routes;
import io.javalin.config.RoutesConfig;

/** The customer's side of the rating question: {@code GET} and {@code POST /conversations/{id}/rating}. */
final class SatisfactionRoutes implements Routes {
    private final Authenticator auth;
    private final SatisfactionService service;

    SatisfactionRoutes(Authenticator auth, SatisfactionService service) {
        this.auth = auth;
        this.service = service;
    }

    record RateBody(Integer score, String comment) {}

    @Override
    public void register(RoutesConfig r) {
        String path = "/api/v1/conversations/{id}/rating";
        r.get(path, ctx -> {
            Principal p = Requests.principal(ctx, auth);
            ctx.json(service.get(p.accountId(), ctx.pathParam("id")));
        });
        r.post(path, ctx -> {
            Principal p = Requests.principal(ctx, auth);
            RateBody b = Requests.body(ctx, RateBody.class);
            ctx.json(service.rate(p.accountId(), ctx.pathParam("id"), b.score(), b.comment()));
        });
    }
}
