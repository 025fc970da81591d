package dev.parley.account;

import dev.parley.config.Keys;
import dev.parley.config.Settings;
import dev.parley.cluster.Redis;
import dev.parley.http.Acting;
import dev.parley.http.Authenticator;
import dev.parley.http.ClientAddress;
import dev.parley.safety.AccessLimits;
import dev.parley.safety.SignInThrottle;
import dev.parley.http.Routes;
import dev.parley.policy.Policy;
import dev.parley.store.Database;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
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
public record AccountModule(JdbcAccountStore store, AccountService accounts, GraphService graph, Policy policy,
                            Guards guards, PeopleSearch search) {
    /**
     * What keeps guessers and scrapers out: who the client is behind trusted proxies, the sign-in
     * throttle (never lifted, not even by rate_limits=off) and the limits on sign-ups, look-ups by
     * handle and stream tickets.
     */
    public record Guards(ClientAddress clientAddress, SignInThrottle signIns, AccessLimits access) {
        static Guards of(Settings settings, Optional<Redis> redis, Clock clock) {
            return new Guards(new ClientAddress(settings.get(Keys.TRUSTED_PROXIES)),
                    redis.map(r -> SignInThrottle.shared(r, clock, thresholds(settings)))
                            .orElseGet(() -> SignInThrottle.local(clock, thresholds(settings))),
                    new AccessLimits(settings.get(Keys.RATE_LIMITS), settings.get(Keys.SIGNUPS_PER_HOUR),
                            settings.get(Keys.LOOKUPS_PER_MINUTE), settings.get(Keys.TICKETS_PER_MINUTE),
                            settings.get(Keys.PEOPLE_SEARCHES_PER_MINUTE), redis));
        }

        /**
         * Checks the caller's own password (a password change, an erasure) under the sign-in throttle:
         * a wrong one counts as a failed sign-in of that account from that address, and a locked pair
         * answers 429 before the password is looked at.
         */
        public void reauthenticate(io.javalin.http.Context ctx, Account holder, Runnable check) {
            signIns.attempt(holder.handle(), clientAddress.of(ctx), () -> {
                check.run();
                return null;
            });
        }

        private static SignInThrottle.Thresholds thresholds(Settings settings) {
            return new SignInThrottle.Thresholds(settings.get(Keys.SIGN_IN_MAX_FAILURES),
                    settings.get(Keys.SIGN_IN_ADDRESS_MAX_FAILURES));
        }
    }

    /**
     * @param store         built first: the sockets' registry, wired before this, checks sessions in it
     * @param revoker       ends, on every node, what a deleted session still holds open
     * @param blocksChanged hears each account whose blocks changed (other nodes must forget them)
     */
    public static AccountModule build(Database db, JdbcAccountStore store, Settings settings, Clock clock,
                                      Optional<Redis> redis, Revoker revoker, Consumer<String> blocksChanged) {
        Guards guards = Guards.of(settings, redis, clock);
        AccountService accounts = new AccountService(db, store, new Passwords(settings.get(Keys.PASSWORD_HASHING)),
                clock, revoker);
        GraphService graph = new GraphService(store, blocksChanged, guards.access()::lookup);
        PeopleSearch search = new PeopleSearch(db, clock);
        search.indexMissing(); // accounts made before people search existed
        return new AccountModule(store, accounts, graph, new Policy(settings.rules(), graph), guards, search);
    }

    /**
     * @param acting whom a caller may act for (their businesses)
     * @param auth   who a caller is (the ticket limit counts per account)
     * @param profiles bios and avatars (the avatars' files are the media feature's, built after this)
     */
    public List<Routes> routes(Acting acting, Authenticator auth, Profiles profiles) {
        return List.of(guards.access().ticketLimit(auth), // before the stream's ticket route
                new AccountRoutes(auth, accounts, graph, store, acting, guards, search, profiles));
    }
}
