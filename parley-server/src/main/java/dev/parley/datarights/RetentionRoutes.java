package dev.parley.datarights;

import dev.parley.http.Acting;
import dev.parley.http.ApiException;
import dev.parley.http.Authenticator;
import dev.parley.http.Caller;
import dev.parley.http.Requests;
import dev.parley.http.Routes;
import dev.parley.store.Database;
import io.javalin.config.RoutesConfig;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * A business's own retention for the messages of its conversations. It can only shorten the node's
 * {@code retention.messages}: the shorter of the two applies. Every agent may read it; only the
 * business's owners and admins may change it, since a shorter one deletes the history of every
 * customer conversation, for the customers too (a plain agent is told so, 403).
 */
final class RetentionRoutes implements Routes {
    private static final int MAX_DAYS = 36_500;

    private final Authenticator auth;
    private final Acting acting;
    private final Database db;
    private final RetentionStore store;
    private final int nodeDays;
    private final Clock clock;
    private final BiPredicate<String, String> mayManage;

    /** @param mayManage (business, person) → is this person one of the business's owners or admins */
    RetentionRoutes(Authenticator auth, Acting acting, Database db, RetentionStore store, int nodeDays, Clock clock,
                    BiPredicate<String, String> mayManage) {
        this.auth = auth;
        this.acting = acting;
        this.db = db;
        this.store = store;
        this.nodeDays = nodeDays;
        this.clock = clock;
        this.mayManage = mayManage;
    }

    record Body(Integer messageDays) {}

    @Override
    public void register(RoutesConfig r) {
        r.get(Caller.BUSINESS + "/retention", ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            ctx.json(view(db.read(h -> store.businessDays(h, c.accountId())).orElse(0)));
        });
        r.put(Caller.BUSINESS + "/retention", ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            if (c.agentId() == null || !mayManage.test(c.accountId(), c.agentId())) {
                throw ApiException.forbidden("forbidden", "Only the business's owners and admins change its retention.");
            }
            Integer days = Requests.body(ctx, Body.class).messageDays();
            if (days == null || days < 0 || days > MAX_DAYS) {
                throw ApiException.validation("'message_days' is a number of days from 0 (the node's setting alone) to "
                        + MAX_DAYS + ".");
            }
            db.writeVoid(h -> store.setBusinessDays(h, c.accountId(), days, clock.instant()));
            ctx.json(view(days));
        });
    }

    /** The business's setting, the node's, and the one that applies (0: kept for ever). */
    private Map<String, Object> view(int days) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("message_days", days);
        m.put("node_message_days", nodeDays);
        int effective = days == 0 ? nodeDays : nodeDays == 0 ? days : Math.min(days, nodeDays);
        m.put("effective_days", effective);
        return m;
    }
}
