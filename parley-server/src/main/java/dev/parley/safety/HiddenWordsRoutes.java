package dev.parley.safety;

import dev.parley.http.ApiException;
import dev.parley.http.Authenticator;
import dev.parley.http.Principal;
import dev.parley.http.Requests;
import dev.parley.http.Routes;
import io.javalin.config.RoutesConfig;
import java.util.List;
import java.util.Map;

/**
 * Where a person's hidden words apply: {@code requests} (the default: a request holding one goes
 * to the hidden folder) or {@code all} (also shown as hidden in accepted conversations). The words
 * themselves stay in the account's settings ({@code settings.hidden_words}).
 */
public final class HiddenWordsRoutes implements Routes {
    private static final List<String> SCOPES = List.of(HiddenEverywhere.REQUESTS, HiddenEverywhere.ALL);

    private final Authenticator auth;
    private final HiddenEverywhere hidden;

    public HiddenWordsRoutes(Authenticator auth, HiddenEverywhere hidden) {
        this.auth = auth;
        this.hidden = hidden;
    }

    record Body(String applyTo) {}

    @Override
    public void register(RoutesConfig r) {
        r.get("/api/v1/me/hidden_words", ctx -> {
            Principal p = Requests.principal(ctx, auth);
            ctx.json(Map.of("apply_to", hidden.scope(p.accountId())));
        });
        r.put("/api/v1/me/hidden_words", ctx -> {
            Principal p = Requests.holder(ctx, auth);
            String applyTo = Requests.body(ctx, Body.class).applyTo();
            if (applyTo == null || !SCOPES.contains(applyTo)) {
                throw ApiException.validation("'apply_to' is 'requests' or 'all'.");
            }
            hidden.setScope(p.accountId(), applyTo);
            ctx.json(Map.of("apply_to", applyTo));
        });
    }
}
