package dev.parley.datarights;

import dev.parley.account.Account;
import dev.parley.account.AccountModule;
import dev.parley.account.AccountService;
import dev.parley.app.App;
import dev.parley.app.Apps;
import dev.parley.app.AppUsers;
import dev.parley.http.ApiException;
import dev.parley.http.Authenticator;
import dev.parley.http.Principal;
import dev.parley.http.Requests;
import dev.parley.http.Routes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * A person's data rights over HTTP: erasure and export, asked by the person, an administrator or
 * the person's app. Each reader sees only the jobs it started: another's job id answers 404, the
 * same as an unknown one.
 */
final class DataRightsRoutes implements Routes {
    /** An account without a password (an app's user) proves itself with a token this fresh. */
    static final Duration FRESH_TOKEN = Duration.ofMinutes(10);
    private static final String SELF = "self";
    private static final String ADMIN = "admin";
    private static final String APP = "app";

    private final Authenticator auth;
    private final AccountService accounts;
    private final Apps apps;
    private final AppUsers appUsers;
    private final Erasures erasures;
    private final Exports exports;
    private final Predicate<String> erased;
    private final AccountModule.Guards guards;

    record Confirm(String password) {}

    DataRightsRoutes(Authenticator auth, AccountService accounts, Apps apps, AppUsers appUsers, Erasures erasures,
                     Exports exports, Predicate<String> erased, AccountModule.Guards guards) {
        this.guards = guards;
        this.auth = auth;
        this.accounts = accounts;
        this.apps = apps;
        this.appUsers = appUsers;
        this.erasures = erasures;
        this.exports = exports;
        this.erased = erased;
    }

    @Override
    public void register(RoutesConfig r) {
        r.delete("/api/v1/me", ctx -> {
            Principal p = Requests.holder(ctx, auth);
            Confirm b = ctx.body().isBlank() ? new Confirm(null) : Requests.body(ctx, Confirm.class);
            Account holder = accounts.require(p.accountId());
            guards.reauthenticate(ctx, holder, () -> accounts.confirmHolder(p, b.password(), FRESH_TOKEN));
            ctx.status(202).json(erasures.request(holder, SELF).accepted());
        });
        r.delete("/api/v1/admin/accounts/{account}", ctx -> {
            requireAdmin(ctx);
            // Asking again for an account already erased answers its job (the tombstone is still an account).
            ctx.status(202).json(erasures.request(accounts.require(ctx.pathParam("account")), ADMIN).accepted());
        });
        r.get("/api/v1/admin/erasures/{id}", ctx -> {
            requireAdmin(ctx);
            ctx.json(erasures.job(ctx.pathParam("id")).orElseThrow(() -> ApiException.notFound("erasure")).view());
        });
        r.delete("/api/v1/app/users/{external_id}", ctx -> {
            App app = apps.caller(ctx.header("Authorization"));
            Account user = appUsers.require(app.id(), ctx.pathParam("external_id"));
            ctx.status(202).json(erasures.request(user, APP).accepted());
        });
        r.get("/api/v1/app/erasures/{id}", ctx -> {
            App app = apps.caller(ctx.header("Authorization"));
            ctx.json(erasures.job(ctx.pathParam("id")).filter(j -> app.id().equals(j.appId()))
                    .orElseThrow(() -> ApiException.notFound("erasure")).view());
        });

        r.post("/api/v1/me/export", ctx -> {
            Principal p = Requests.holder(ctx, auth);
            ExportJob j = exports.request(p.accountId(), SELF, null);
            ctx.status(202).json(j.view(meBase(j.id())));
        });
        r.get("/api/v1/me/exports/{id}", ctx -> ctx.json(mine(ctx).view(meBase(ctx.pathParam("id")))));
        r.get("/api/v1/me/exports/{id}/archive", ctx -> send(ctx, mine(ctx)));

        r.post("/api/v1/admin/accounts/{account}/exports", ctx -> {
            requireAdmin(ctx);
            Account a = account(ctx.pathParam("account"));
            ExportJob j = exports.request(a.id(), ADMIN, null);
            ctx.status(202).json(j.view("/api/v1/admin/exports/" + j.id()));
        });
        r.get("/api/v1/admin/exports/{id}", ctx -> {
            ExportJob j = admins(ctx);
            ctx.json(j.view("/api/v1/admin/exports/" + j.id()));
        });
        r.get("/api/v1/admin/exports/{id}/archive", ctx -> send(ctx, admins(ctx)));

        r.post("/api/v1/app/users/{external_id}/exports", ctx -> {
            App app = apps.caller(ctx.header("Authorization"));
            Account user = appUsers.require(app.id(), ctx.pathParam("external_id"));
            ExportJob j = exports.request(user.id(), APP, app.id());
            ctx.status(202).json(j.view("/api/v1/app/exports/" + j.id()));
        });
        r.get("/api/v1/app/exports/{id}", ctx -> {
            ExportJob j = apps(ctx);
            ctx.json(j.view("/api/v1/app/exports/" + j.id()));
        });
        r.get("/api/v1/app/exports/{id}/archive", ctx -> send(ctx, apps(ctx)));
    }

    private static String meBase(String id) {
        return "/api/v1/me/exports/" + id;
    }

    /** The caller's own export (one they started): anyone else's answers 404 like an unknown id. */
    private ExportJob mine(Context ctx) {
        Principal p = Requests.holder(ctx, auth);
        return exports.job(ctx.pathParam("id"))
                .filter(j -> SELF.equals(j.requestedBy()) && j.accountId().equals(p.accountId()))
                .orElseThrow(() -> ApiException.notFound("export"));
    }

    private ExportJob admins(Context ctx) {
        requireAdmin(ctx);
        return exports.job(ctx.pathParam("id")).filter(j -> ADMIN.equals(j.requestedBy()))
                .orElseThrow(() -> ApiException.notFound("export"));
    }

    private ExportJob apps(Context ctx) {
        App app = apps.caller(ctx.header("Authorization"));
        return exports.job(ctx.pathParam("id")).filter(j -> app.id().equals(j.appId()))
                .orElseThrow(() -> ApiException.notFound("export"));
    }

    /** The archive of a ready export; before that (or once deleted) 409 {@code export_not_ready}. */
    private void send(Context ctx, ExportJob j) throws IOException {
        if (!ExportJob.READY.equals(j.status())) {
            throw new ApiException(409, "export_not_ready", "Export not ready",
                    "This export is " + j.status() + "; its archive is not available.");
        }
        InputStream in = Files.newInputStream(exports.archive(j));
        ctx.contentType("application/zip")
                .header("Content-Disposition", "attachment; filename=\"parley-export-" + j.id() + ".zip\"")
                .header("Cache-Control", "no-store")
                .result(in);
    }

    /** An account an administrator names; unknown and already-erased ones alike answer 404. */
    private Account account(String id) {
        Account a = accounts.require(id);
        if (erased.test(a.id())) {
            throw ApiException.notFound("account");
        }
        return a;
    }

    private void requireAdmin(Context ctx) {
        Principal p = Requests.principal(ctx, auth);
        if (!p.admin()) {
            throw ApiException.forbidden("not_admin", "Only an administrator may do this.");
        }
    }
}
