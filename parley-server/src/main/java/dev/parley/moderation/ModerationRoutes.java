package dev.parley.moderation;

import dev.parley.conversation.HeldRequests;
import dev.parley.http.Acting;
import dev.parley.http.ApiException;
import dev.parley.http.Authenticator;
import dev.parley.http.Caller;
import dev.parley.http.Principal;
import dev.parley.http.Requests;
import dev.parley.http.Routes;
import dev.parley.store.Database;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.time.Clock;
import java.util.Map;

/**
 * Reports (anyone, and agents for their business), the moderators' queue, actions and audit log,
 * and the administrators' naming of moderators. Moderation routes answer 404, with the body of
 * an unknown route, to anyone who is not a moderator, signed in or not.
 */
final class ModerationRoutes implements Routes {
    private final Authenticator auth;
    private final Acting acting;
    private final Database db;
    private final ModerationStore store;
    private final Reports reports;
    private final Moderators moderators;
    private final Queue queue;
    private final Actions actions;
    private final HeldRequests held;
    private final Appeals appeals;
    private final Clock clock;

    ModerationRoutes(Authenticator auth, Acting acting, Database db, ModerationStore store, Reports reports,
                     Moderators moderators, Queue queue, Actions actions, HeldRequests held, Appeals appeals, Clock clock) {
        this.held = held;
        this.appeals = appeals;
        this.auth = auth;
        this.acting = acting;
        this.db = db;
        this.store = store;
        this.reports = reports;
        this.moderators = moderators;
        this.queue = queue;
        this.actions = actions;
        this.clock = clock;
    }

    record AppealBody(String text) {}

    @Override
    public void register(RoutesConfig r) {
        for (String prefix : Caller.PREFIXES) {
            r.post(prefix + "/reports", ctx -> {
                Caller c = Caller.of(ctx, auth, acting);
                Reports.Created filed = reports.report(c.accountId(), c.agentId(),
                        Requests.body(ctx, Reports.Request.class));
                ctx.status(filed.repeat() ? 200 : 201).json(filed);
            });
            r.get(prefix + "/reports/{id}", ctx -> {
                Caller c = Caller.of(ctx, auth, acting);
                ctx.json(reports.status(c.accountId(), ctx.pathParam("id")));
            });
        }
        r.get("/api/v1/me/moderation", ctx -> {
            Principal p = Requests.principal(ctx, auth);
            Map<String, Object> out = new LinkedHashMap<>();
            Instant restricted = db.read(h -> store.restrictedUntil(h, p.accountId()))
                    .filter(u -> u.isAfter(clock.instant())).orElse(null);
            out.put("restricted_until", restricted);
            out.put("notices", db.read(h -> store.notices(h, p.accountId())));
            out.put("appeal", db.read(h -> appeals.open(h, p.accountId())).orElse(null));
            ctx.json(out);
        });
        r.post("/api/v1/me/moderation/appeal", ctx -> {
            Principal p = Requests.holder(ctx, auth);
            ctx.status(201).json(appeals.appeal(p.accountId(), Requests.body(ctx, AppealBody.class).text()));
        });
        r.get("/api/v1/moderation/appeals", ctx -> {
            moderator(ctx);
            ctx.json(Map.of("items", appeals.openOnes(Queue.WINDOW)));
        });
        r.get("/api/v1/moderation/reports", ctx -> {
            moderator(ctx);
            ctx.json(queue.list(Requests.query(ctx, "status").orElse(Report.OPEN)));
        });
        r.get("/api/v1/moderation/held", ctx -> {
            moderator(ctx);
            ctx.json(Map.of("items", queue.held(held.all(Queue.WINDOW))));
        });
        r.post("/api/v1/moderation/actions", ctx -> {
            Principal p = moderator(ctx);
            ctx.json(actions.act(p.accountId(), Requests.body(ctx, Actions.Request.class)));
        });
        r.get("/api/v1/moderation/audit", ctx -> {
            moderator(ctx);
            int limit = Requests.intQuery(ctx, "limit", 100, 1, 1_000);
            ctx.json(Map.of("items", db.read(h -> store.audit(h, limit))));
        });
        r.get("/api/v1/admin/moderators", ctx -> {
            admin(ctx);
            ctx.json(Map.of("items", moderators.list()));
        });
        r.put("/api/v1/admin/moderators/{account}", ctx -> {
            admin(ctx);
            moderators.name(moderators.person(ctx.pathParam("account")));
            ctx.status(204);
        });
        r.delete("/api/v1/admin/moderators/{account}", ctx -> {
            admin(ctx);
            moderators.remove(moderators.person(ctx.pathParam("account")));
            ctx.status(204);
        });
    }

    /** The caller, if a moderator; anyone else (even without a token) is answered as at an unknown route. */
    private Principal moderator(Context ctx) {
        Principal p = signedIn(ctx);
        moderators.require(p);
        return p;
    }

    private void admin(Context ctx) {
        Moderators.requireAdmin(signedIn(ctx));
    }

    private Principal signedIn(Context ctx) {
        try {
            return Requests.principal(ctx, auth);
        } catch (ApiException e) {
            throw ApiException.unknownRoute();
        }
    }
}
