package dev.parley.account;

import dev.parley.config.Keys;
import dev.parley.config.Settings;
import dev.parley.http.Acting;
import dev.parley.http.Routes;
import dev.parley.policy.Policy;
import dev.parley.store.Database;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

/**
 * The account feature, wired: the account store, sign-up and sessions, the social graph, and the
 * DM policy read from it.
 *
 * @param store    accounts, sessions, follows and blocks
 * @param accounts sign-up, sign-in, tokens
 * @param graph    follows, likes, blocks and profiles
 * @param policy   who may message whom, under the configured rule profile and the graph
 */
public record AccountModule(JdbcAccountStore store, AccountService accounts, GraphService graph, Policy policy) {
    /**
     * @param store         built first: the sockets' registry, wired before this, checks sessions in it
     * @param revoker       ends, on every node, what a deleted session still holds open
     * @param blocksChanged hears each account whose blocks changed (other nodes must forget them)
     */
    public static AccountModule build(Database db, JdbcAccountStore store, Settings settings, Clock clock,
                                      Revoker revoker, Consumer<String> blocksChanged) {
        AccountService accounts = new AccountService(db, store, new Passwords(settings.get(Keys.PASSWORD_HASHING)),
                clock, revoker);
        GraphService graph = new GraphService(store, blocksChanged);
        return new AccountModule(store, accounts, graph, new Policy(settings.rules(), graph));
    }

    /** @param acting whom a caller may act for (their businesses) */
    public List<Routes> routes(Acting acting) {
        return List.of(new AccountRoutes(accounts, graph, store, acting));
    }
}
