package dev.parley.business;

import dev.parley.account.Account;
import dev.parley.account.GraphService;
import dev.parley.http.ApiException;
import dev.parley.http.Authenticator;
import dev.parley.http.Caller;
import dev.parley.http.Principal;
import dev.parley.http.Requests;
import dev.parley.http.Routes;
import dev.parley.message.MessageInput;
import dev.parley.policy.Decision;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The consent ledger (a customer opts in to a business's promotions, or withdraws) and the
 * dry-run checks that tell an agent, before sending, what a draft would get.
 */
public final class BusinessRulesRoutes implements Routes {
    private static final List<String> METHODS = List.of("dm", "web", "api", "in_store");

    private final Authenticator auth;
    private final BusinessService businesses;
    private final BusinessRules rules;
    private final BusinessRulesStore store;
    private final GraphService graph;
    private final Clock clock;

    public BusinessRulesRoutes(Authenticator auth, BusinessService businesses, BusinessRules rules,
                               BusinessRulesStore store, GraphService graph, Clock clock) {
        this.auth = auth;
        this.businesses = businesses;
        this.rules = rules;
        this.store = store;
        this.graph = graph;
        this.clock = clock;
    }

    record SubscribeBody(String method) {}

    record CheckBody(String text, Boolean automated) {}

    record OutreachCheckBody(List<String> memberIds, String text) {}

    @Override
    public void register(RoutesConfig r) {
        r.get("/api/v1/accounts/{account}/subscription", ctx -> {
            Principal p = Requests.principal(ctx, auth);
            Account b = business(ctx, p);
            ctx.json(subscription(b.id(), p.accountId()));
        });
        r.put("/api/v1/accounts/{account}/subscription", ctx -> {
            Principal p = Requests.principal(ctx, auth);
            Account b = business(ctx, p);
            String method = ctx.body().isBlank() ? "api" : Requests.body(ctx, SubscribeBody.class).method();
            if (method == null || !METHODS.contains(method)) {
                throw ApiException.validation("'method' is how the customer opted in: one of " + String.join(", ", METHODS) + ".");
            }
            store.grant(b.id(), p.accountId(), method, clock.instant());
            ctx.json(subscription(b.id(), p.accountId()));
        });
        r.delete("/api/v1/accounts/{account}/subscription", ctx -> {
            Principal p = Requests.principal(ctx, auth);
            Account b = business(ctx, p);
            store.withdraw(b.id(), p.accountId(), clock.instant());
            ctx.json(subscription(b.id(), p.accountId()));
        });
        r.get(Caller.BUSINESS + "/consents", ctx -> {
            Caller c = Caller.of(ctx, auth, businesses);
            ctx.json(new dev.parley.http.Page<>(store.ledger(c.accountId(), Requests.limit(ctx)), null));
        });
        r.post(Caller.BUSINESS + "/conversations/{id}/messages/check", ctx -> {
            Caller c = Caller.of(ctx, auth, businesses);
            CheckBody b = Requests.body(ctx, CheckBody.class);
            String text = MessageInput.validText(b.text());
            boolean automated = Boolean.TRUE.equals(b.automated());
            ctx.json(view(rules.dryRun(c.accountId(), c.agentId(), ctx.pathParam("id"), text, automated)));
        });
        r.post(Caller.BUSINESS + "/outreach/check", ctx -> {
            Caller c = Caller.of(ctx, auth, businesses);
            OutreachCheckBody b = Requests.body(ctx, OutreachCheckBody.class);
            String text = MessageInput.validText(b.text());
            if (b.memberIds() == null || b.memberIds().size() != 1) {
                throw ApiException.validation("'member_ids' holds exactly one account id.");
            }
            Account to = graph.resolve(c.accountId(), b.memberIds().get(0));
            ctx.json(view(rules.outreachCheck(c.accountId(), to.id(), text)));
        });
    }

    private Account business(Context ctx, Principal p) {
        Account b = graph.resolve(p.accountId(), ctx.pathParam("account"));
        if (!b.isBusiness()) {
            throw ApiException.validation("Only a business takes subscriptions; @" + b.handle() + " is a person.");
        }
        return b;
    }

    private Map<String, Object> subscription(String businessId, String accountId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("business_id", businessId);
        m.put("subscribed", store.consented(businessId, accountId));
        return m;
    }

    static Map<String, Object> view(Decision d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("allowed", d.allowed());
        m.put("code", d.code());
        m.put("detail", d.detail());
        m.put("reasons", d.reasons());
        return m;
    }
}
