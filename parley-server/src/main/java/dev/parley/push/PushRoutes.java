package dev.parley.push;

import dev.parley.http.ApiException;
import dev.parley.http.Authenticator;
import dev.parley.http.Page;
import dev.parley.http.Principal;
import dev.parley.http.Requests;
import dev.parley.http.Routes;
import io.javalin.config.RoutesConfig;
import java.util.Map;

/** A person's push devices, and the VAPID key browsers subscribe with. */
final class PushRoutes implements Routes {
    private final Authenticator auth;
    private final Devices devices;
    private final Vapid vapid;

    PushRoutes(Authenticator auth, Devices devices, Vapid vapid) {
        this.auth = auth;
        this.devices = devices;
        this.vapid = vapid;
    }

    record RegisterBody(String kind, Devices.Subscription subscription, String token) {}

    @Override
    public void register(RoutesConfig r) {
        // Public: a page may subscribe before anyone signs in, and the key is no secret.
        r.get("/api/v1/push/vapid-public-key", ctx -> ctx.json(Map.of("key", vapid.publicKey())));
        r.post("/api/v1/me/devices", ctx -> {
            String me = person(ctx);
            RegisterBody b = Requests.body(ctx, RegisterBody.class);
            String hash = Requests.principal(ctx, auth).tokenHash();
            // An app's JWT or secret has no session row whose end could end the subscription.
            String session = hash == null || hash.startsWith(Principal.JWT) || hash.startsWith(Principal.APP) ? null : hash;
            Devices.Registered d = devices.register(me, b.kind(), b.subscription(), b.token(), session);
            ctx.status(d.created() ? 201 : 200).json(d.device());
        });
        r.get("/api/v1/me/devices", ctx -> ctx.json(new Page<>(devices.list(person(ctx)), null)));
        r.delete("/api/v1/me/devices/{device}", ctx -> {
            devices.delete(person(ctx), ctx.pathParam("device"));
            ctx.status(204);
        });
    }

    /** Devices are a person's: a bot acts for a business and has none. */
    private String person(io.javalin.http.Context ctx) {
        Principal p = Requests.principal(ctx, auth);
        if (p.bot()) {
            throw ApiException.forbidden("not_for_bots", "Bots have no push devices.");
        }
        return p.accountId();
    }
}
