package dev.parley.app;

import dev.parley.http.ApiException;
import dev.parley.http.Authenticator;
import dev.parley.http.ClientTime;
import dev.parley.http.Principal;
import dev.parley.http.Requests;
import dev.parley.http.Routes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The server-to-server app API under {@code /api/v1/app}, authenticated by the app's secret only,
 * and the administrator's route that creates an app.
 */
public final class AppRoutes implements Routes {
    private static final String USER = "/api/v1/app/users/{external_id}";

    private final Authenticator auth;
    private final Apps apps;
    private final AppUsers users;
    private final AppTokens tokens;
    private final AppGraph graph;
    private final Duration defaultGrace;

    record CreateApp(String name) {}

    record Batch(List<AppUsers.Fields> users) {}

    record BatchResult(List<AppUsers.View> users) {}

    record Mint(Long ttlSeconds) {}

    record RevokeBefore(Instant before) {}

    record Rotate(Long graceSeconds) {}

    public AppRoutes(Authenticator auth, Apps apps, AppUsers users, AppTokens tokens, AppGraph graph,
                     Duration defaultGrace) {
        this.defaultGrace = defaultGrace;
        this.auth = auth;
        this.apps = apps;
        this.users = users;
        this.tokens = tokens;
        this.graph = graph;
    }

    @Override
    public void register(RoutesConfig r) {
        r.post("/api/v1/admin/apps", ctx -> {
            requireAdmin(ctx);
            ctx.status(201).json(apps.create(Requests.body(ctx, CreateApp.class).name()));
        });
        r.post("/api/v1/admin/apps/{app}/rotate", ctx -> {
            requireAdmin(ctx);
            Rotate b = optionalBody(ctx, Rotate.class, new Rotate(null));
            if (b.graceSeconds() != null && (b.graceSeconds() < 0 || b.graceSeconds() > 30L * 86_400)) {
                throw ApiException.validation("Field 'grace_seconds' must be 0 to 2592000.");
            }
            ctx.json(apps.rotate(ctx.pathParam("app"),
                    b.graceSeconds() == null ? defaultGrace : Duration.ofSeconds(b.graceSeconds())));
        });
        r.post("/api/v1/admin/apps/{app}/revoke", ctx -> {
            requireAdmin(ctx);
            App app = apps.find(ctx.pathParam("app")).orElseThrow(() -> ApiException.notFound("app"));
            // Every token issued to its users ends here and now (sockets closed, caches dropped on
            // every node); the revoke then ends the secret, and deletes any token minted meanwhile.
            tokens.revokeApp(app, null);
            apps.revoke(app.id());
            // And every socket of its users, whatever opened it: a JWT issued in this very second is
            // not "before" the cutoff (iat compares by the second), but a revoked app's JWTs all end.
            tokens.signOutAll(app);
            ctx.status(204);
        });
        r.get(USER, ctx -> {
            App app = app(ctx);
            ctx.json(users.view(users.require(app.id(), ctx.pathParam("external_id"))));
        });
        r.put(USER, ctx -> {
            App app = app(ctx);
            AppUsers.Upserted u = users.upsert(app.id(), ctx.pathParam("external_id"),
                    Requests.body(ctx, AppUsers.Fields.class));
            ctx.status(u.created() ? 201 : 200).json(u.user());
        });
        r.post("/api/v1/app/users/batch", ctx -> {
            App app = app(ctx);
            List<AppUsers.Upserted> done = users.batch(app.id(), Requests.body(ctx, Batch.class).users());
            ctx.json(new BatchResult(done.stream().map(AppUsers.Upserted::user).toList()));
        });
        r.post(USER + "/deactivate", ctx -> ctx.json(tokens.deactivate(app(ctx), ctx.pathParam("external_id"))));
        r.post(USER + "/reactivate", ctx -> ctx.json(users.reactivate(app(ctx).id(), ctx.pathParam("external_id"))));
        r.post(USER + "/tokens", ctx -> {
            App app = app(ctx);
            ctx.status(201).json(tokens.mint(app, ctx.pathParam("external_id"), optionalBody(ctx, Mint.class, new Mint(null)).ttlSeconds()));
        });
        r.post(USER + "/revoke-tokens", ctx -> {
            App app = app(ctx);
            ctx.json(tokens.revokeUser(app, ctx.pathParam("external_id"),
                    before(ctx)));
        });
        r.post("/api/v1/app/revoke-tokens", ctx -> {
            App app = app(ctx);
            ctx.json(tokens.revokeApp(app, before(ctx)));
        });
        r.put("/api/v1/app/graph/{kind}", ctx -> graphCall(ctx, true));
        r.delete("/api/v1/app/graph/{kind}", ctx -> graphCall(ctx, false));
    }

    private void requireAdmin(Context ctx) {
        Principal p = Requests.principal(ctx, auth);
        if (!p.admin()) {
            throw ApiException.forbidden("not_admin", "Only an administrator may manage apps.");
        }
    }

    private void graphCall(Context ctx, boolean add) {
        App app = app(ctx);
        var kind = AppGraph.kind(ctx.pathParam("kind"));
        ctx.json(graph.apply(app.id(), kind, Requests.body(ctx, AppGraph.Edges.class), add));
    }

    private static <T> T optionalBody(Context ctx, Class<T> type, T empty) {
        return ctx.body().isBlank() ? empty : Requests.body(ctx, type);
    }

    /** The revoke-before cutoff, if one was sent: a time past epoch millis' range would answer 500 when stored. */
    private static Instant before(Context ctx) {
        return ClientTime.check("before", optionalBody(ctx, RevokeBefore.class, new RevokeBefore(null)).before());
    }

    /** The calling app, by its secret; a user's token (or nothing) answers 401. */
    private App app(Context ctx) {
        return apps.caller(ctx.header("Authorization"));
    }
}
