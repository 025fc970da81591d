package dev.parley.account;

import dev.parley.http.Acting;
import dev.parley.http.Authenticator;
import dev.parley.http.Caller;
import dev.parley.http.Page;
import dev.parley.http.Principal;
import dev.parley.http.Requests;
import dev.parley.http.Routes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/** Sign-up, sessions, the caller's account and the social graph. */
public final class AccountRoutes implements Routes {
    private final AccountService accounts;
    private final GraphService graph;
    private final AccountStore store;
    private final Acting acting;
    private final Authenticator auth;
    private final AccountModule.Guards guards;
    private final PeopleSearch search;
    private final Profiles profiles;

    public AccountRoutes(Authenticator auth, AccountService accounts, GraphService graph, AccountStore store,
                         Acting acting, AccountModule.Guards guards, PeopleSearch search, Profiles profiles) {
        this.search = search;
        this.profiles = profiles;
        this.auth = auth;
        this.acting = acting;
        this.guards = guards;
        this.accounts = accounts;
        this.graph = graph;
        this.store = store;
    }

    record SignUp(String handle, String password, String displayName) {}

    record SignIn(String handle, String password) {}

    record PasswordChange(String currentPassword, String newPassword) {}

    record AvatarBody(String uploadId) {}

    @Override
    public void register(RoutesConfig r) {
        r.post("/api/v1/accounts", ctx -> {
            SignUp b = Requests.body(ctx, SignUp.class);
            AccountService.NewPerson person = AccountService.NewPerson.of(b.handle(), b.password(), b.displayName());
            guards.access().signUp(guards.clientAddress().of(ctx)); // after validation: a rejected form costs no sign-up
            ctx.status(201).json(accounts.signUp(person));
        });
        r.post("/api/v1/sessions", ctx -> {
            SignIn b = Requests.body(ctx, SignIn.class);
            ctx.status(201).json(guards.signIns().attempt(b.handle(), guards.clientAddress().of(ctx),
                    () -> accounts.signIn(b.handle(), b.password())));
        });
        r.delete("/api/v1/sessions/current", ctx -> {
            accounts.signOut(Requests.principal(ctx, auth));
            ctx.status(204);
        });
        r.put("/api/v1/me/password", ctx -> {
            Principal p = Requests.holder(ctx, auth);
            PasswordChange b = Requests.body(ctx, PasswordChange.class);
            guards.reauthenticate(ctx, accounts.require(p.accountId()),
                    () -> accounts.changePassword(p, b.currentPassword(), b.newPassword()));
            ctx.status(204);
        });
        r.get("/api/v1/me", ctx -> ctx.json(meCard(Requests.principal(ctx, auth).accountId())));
        r.patch("/api/v1/me", ctx -> {
            Principal p = Requests.holder(ctx, auth);
            AccountService.MePatch patch = Requests.body(ctx, AccountService.MePatch.class);
            if (patch.bio() != null) {
                Profiles.checkBio(patch.bio()); // before anything is written
            }
            accounts.update(p.accountId(), patch); // tells the account's contacts when its name changed
            if (patch.bio() != null) {
                profiles.setBio(p.accountId(), patch.bio());
            }
            ctx.json(meCard(p.accountId()));
        });
        r.put("/api/v1/me/avatar", ctx -> {
            Principal p = Requests.holder(ctx, auth);
            profiles.setAvatar(p.accountId(), Requests.body(ctx, AvatarBody.class).uploadId());
            accounts.profileChanged(p.accountId());
            ctx.json(meCard(p.accountId()));
        });
        r.delete("/api/v1/me/avatar", ctx -> {
            Principal p = Requests.holder(ctx, auth);
            profiles.removeAvatar(p.accountId());
            accounts.profileChanged(p.accountId());
            ctx.json(meCard(p.accountId()));
        });
        r.get("/api/v1/accounts", ctx -> {
            Principal p = Requests.principal(ctx, auth);
            guards.access().search(p.accountId());
            Account me = accounts.require(p.accountId());
            var found = search.search(me, Requests.query(ctx, "q").orElse(""), Requests.query(ctx, "cursor"),
                    Requests.limit(ctx));
            Map<String, Profiles.Card> cards = profiles.cards(found.items().stream().map(PeopleSearch.Found::id).toList());
            ctx.json(new Page<>(found.items().stream()
                    .map(f -> f.withAvatar(cards.getOrDefault(f.id(), Profiles.Card.NONE).avatarUrl())).toList(),
                    found.nextCursor()));
        });
        r.get("/api/v1/me/blocks", ctx -> {
            Principal p = Requests.principal(ctx, auth);
            int limit = Requests.limit(ctx);
            List<String> ids = graph.blockedBy(p.accountId(), Requests.query(ctx, "cursor").orElse(""), limit + 1);
            List<String> page = ids.subList(0, Math.min(limit, ids.size()));
            List<Views.Profile> items = store.byIds(page).stream()
                    .sorted(java.util.Comparator.comparing(Account::id))
                    .map(a -> graph.profile(p.accountId(), a)).toList();
            ctx.json(new Page<>(items, ids.size() > limit ? page.get(page.size() - 1) : null));
        });
        r.get("/api/v1/accounts/{account}", ctx -> {
            Principal p = Requests.principal(ctx, auth);
            Account a = target(ctx, p);
            Profiles.Card card = profiles.card(a.id());
            ctx.json(new Views.ProfileCard(graph.profile(p.accountId(), a), card.bio(), card.avatarUrl()));
        });
        edge(r, auth, "follow", graph::follow, graph::unfollow);
        edge(r, auth, "like", graph::like, graph::unlike);
        edge(r, auth, "block", graph::block, graph::unblock);
    }

    private interface EdgeAction {
        void apply(String from, Account to);
    }

    /** PUT adds the edge, DELETE removes it; both answer the profile as it now stands. */
    private void edge(RoutesConfig r, Authenticator auth, String name, EdgeAction add, EdgeAction remove) {
        for (String prefix : Caller.PREFIXES) {
            String path = prefix + "/accounts/{account}/" + name;
            r.put(path, ctx -> {
                Caller c = Caller.of(ctx, auth, acting);
                Account to = graph.resolve(c.accountId(), ctx.pathParam("account"));
                add.apply(c.accountId(), to);
                ctx.json(graph.profile(c.accountId(), to));
            });
            r.delete(path, ctx -> {
                Caller c = Caller.of(ctx, auth, acting);
                Account to = graph.resolve(c.accountId(), ctx.pathParam("account"));
                remove.apply(c.accountId(), to);
                ctx.json(graph.profile(c.accountId(), to));
            });
        }
    }

    private Views.MeCard meCard(String accountId) {
        Profiles.Card card = profiles.card(accountId);
        return new Views.MeCard(accounts.me(accountId), card.bio(), card.avatarUrl());
    }

    private Account target(Context ctx, Principal p) {
        return graph.resolve(p.accountId(), ctx.pathParam("account"));
    }
}
