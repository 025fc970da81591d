package dev.parley.automation;

import dev.parley.http.Acting;
import dev.parley.http.ApiException;
import dev.parley.http.Authenticator;
import dev.parley.http.Caller;
import io.javalin.http.Context;
import java.util.function.BiPredicate;

/**
 * Who may change a business's bots and automation: its owners and admins. Other agents are told
 * so (403); outsiders learn nothing (404, from {@link Caller#of}); a bot's own token is no manager.
 */
record Managers(Authenticator auth, Acting acting, BiPredicate<String, String> mayManage) {

    /** @param what the thing managed, for the refusal: "manage its bots", "change its automation" */
    Caller require(Context ctx, String what) {
        Caller c = Caller.of(ctx, auth, acting);
        if (c.agentId() == null || !mayManage.test(c.accountId(), c.agentId())) {
            throw ApiException.forbidden("forbidden", "Only the business's owners and admins " + what + ".");
        }
        return c;
    }
}
