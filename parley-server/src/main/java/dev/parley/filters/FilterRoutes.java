package dev.parley.filters;

import dev.parley.http.ApiException;
import dev.parley.http.Authenticator;
import dev.parley.http.Principal;
import dev.parley.http.Requests;
import dev.parley.http.Routes;
import dev.parley.moderation.Moderators;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/admin/filters}: administrators list, add and remove the node's filters. Anyone
 * else, signed in or not, gets the 404 of an unknown route.
 */
final class FilterRoutes implements Routes {
    private final Authenticator auth;
    private final NodeFilters filters;

    FilterRoutes(Authenticator auth, NodeFilters filters) {
        this.auth = auth;
        this.filters = filters;
    }

    @Override
    public void register(RoutesConfig r) {
        r.get("/api/v1/admin/filters", ctx -> {
            admin(ctx);
            int limit = Requests.intQuery(ctx, "limit", 100, 1, 1_000);
            List<FilterEntry> page = filters.list(Requests.query(ctx, "cursor").orElse(null), limit + 1);
            boolean more = page.size() > limit;
            List<FilterEntry> items = more ? page.subList(0, limit) : page;
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("items", items);
            out.put("next_cursor", more ? items.get(items.size() - 1).id() : null);
            ctx.json(out);
        });
        r.post("/api/v1/admin/filters", ctx -> {
            Principal p = admin(ctx);
            ctx.status(201).json(filters.add(p.accountId(), Requests.body(ctx, NodeFilters.Draft.class)));
        });
        r.delete("/api/v1/admin/filters/{id}", ctx -> {
            admin(ctx);
            filters.remove(ctx.pathParam("id"));
            ctx.status(204);
        });
    }

    private Principal admin(Context ctx) {
        Principal p;
        try {
            p = Requests.principal(ctx, auth);
        } catch (ApiException e) {
            throw ApiException.unknownRoute();
        }
        Moderators.requireAdmin(p);
        return p;
    }
}
