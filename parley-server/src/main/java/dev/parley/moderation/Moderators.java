package dev.parley.moderation;

import dev.parley.account.Account;
import dev.parley.account.AccountStore;
import dev.parley.http.ApiException;
import dev.parley.http.Principal;
import dev.parley.store.Database;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Who may moderate: administrators, and the accounts they name. To anyone else every moderation
 * route answers exactly as a route that does not exist.
 */
public final class Moderators {
    private final Database db;
    private final ModerationStore store;
    private final AccountStore accounts;
    private final Clock clock;

    Moderators(Database db, ModerationStore store, AccountStore accounts, Clock clock) {
        this.db = db;
        this.store = store;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** Opens the moderators of a store for the admin command. */
    public static Moderators of(Database db, AccountStore accounts, Clock clock) {
        return new Moderators(db, new ModerationStore(), accounts, clock);
    }

    public boolean isModerator(Principal p) {
        return !p.bot() && (p.admin() || db.read(h -> store.isModerator(h, p.accountId())));
    }

    /** @throws ApiException 404, the body of an unknown route, unless the caller moderates */
    public void require(Principal p) {
        if (!isModerator(p)) {
            throw ApiException.unknownRoute();
        }
    }

    /** @throws ApiException 404, the body of an unknown route, unless the caller administers the node */
    public static void requireAdmin(Principal p) {
        if (!p.admin() || p.bot()) {
            throw ApiException.unknownRoute();
        }
    }

    /**
     * A person by id, or by handle (with or without '@') in the node's own network, where
     * administrators and the CLI live; an app's user is named by id. 404 otherwise, and for an
     * erased account.
     */
    public Account person(String idOrHandle) {
        String key = idOrHandle.startsWith("@") ? idOrHandle.substring(1) : idOrHandle;
        var found = key.contains("-") ? accounts.byId(key) : accounts.byHandle(Account.OWN_NETWORK, key.toLowerCase(Locale.ROOT));
        // An erased account is gone: a lift must not make the tombstone an account again.
        return found.filter(a -> !accounts.isTombstone(a))
                .orElseThrow(() -> ApiException.notFound("account"));
    }

    public void name(Account a) {
        db.writeVoid(h -> store.addModerator(h, a.id(), clock.instant()));
    }

    public void remove(Account a) {
        db.writeVoid(h -> store.removeModerator(h, a.id()));
    }

    public List<Map<String, Object>> list() {
        List<String> ids = db.read(store::moderators);
        return accounts.byIds(ids).stream().map(Reports::accountSummary).toList();
    }
}
