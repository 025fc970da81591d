package dev.parley.http;

import io.javalin.http.Context;
import java.util.List;

/**
 * The caller of a request and the account it acts as. Routes that a business's agents also use
 * are registered twice: under {@code /api/v1} (acting as oneself) and under
 * {@code /api/v1/businesses/{business}} (acting as that business).
 *
 * @param agentId the person behind a business's action, else null
 */
public record Caller(Principal principal, String accountId, String agentId) {

    /** A bot's sends are automated; a person's (or an agent's) are not. */
    public boolean automated() {
        return principal.bot();
    }

    public static final String SELF = "/api/v1";
    public static final String BUSINESS = "/api/v1/businesses/{business}";
    public static final List<String> PREFIXES = List.of(SELF, BUSINESS);

    public static Caller of(Context ctx, Authenticator auth, Acting acting) {
        Principal p = Requests.principal(ctx, auth);
        String business = ctx.pathParamMap().get("business");
        if (business == null || p.bot()) {
            if (p.bot() && business != null && !business.equals(p.accountId())) {
                throw ApiException.notFound("business");
            }
            return new Caller(p, p.accountId(), null);
        }
        return new Caller(p, acting.accountFor(p, business), p.accountId());
    }
}
