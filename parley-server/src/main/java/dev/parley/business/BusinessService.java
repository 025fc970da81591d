package dev.parley.business;

import dev.parley.account.Account;
import dev.parley.account.AccountService;
import dev.parley.account.AccountStore;
import dev.parley.account.Validation;
import dev.parley.account.Views;
import dev.parley.http.Acting;
import dev.parley.http.ApiException;
import dev.parley.http.Principal;
import dev.parley.store.Database;
import java.util.List;
import java.util.Optional;

/**
 * Business pages: accounts of kind {@code business} that people run as agents. An agent acts for
 * the business with their own token; to anyone else the business is the sender.
 */
public final class BusinessService implements Acting {
    public static final String OWNER = Agent.OWNER;

    private final Database db;
    private final AccountService accounts;
    private final AccountStore accountStore;
    private final BusinessStore store;

    public BusinessService(Database db, AccountService accounts, AccountStore accountStore, BusinessStore store) {
        this.db = db;
        this.accounts = accounts;
        this.accountStore = accountStore;
        this.store = store;
    }

    /** Makes a business page; its creator becomes its owner. Businesses take DMs from anyone the rules let. */
    public Views.Brief create(String ownerId, String handleRaw, String displayNameRaw) {
        String handle = Validation.handle(handleRaw);
        String displayName = Validation.displayName(displayNameRaw);
        Account owner = accounts.require(ownerId);
        if (owner.isBusiness()) {
            throw ApiException.validation("A business cannot own another business.");
        }
        // The page lives in its owner's network (an app's user makes a page of that app), so its
        // handle is unique there and its customers are that network's people.
        Account page = accounts.newAccount(handle, displayName, Account.BUSINESS, "everyone");
        Account b = new Account(page.id(), page.handle(), page.displayName(), page.preferredName(), page.kind(),
                page.verified(), page.dmPolicy(), page.readReceipts(), page.hiddenWords(), page.admin(),
                page.suspended(), page.createdAt(), owner.appId(), Optional.empty());
        try {
            db.writeVoid(h -> {
                accountStore.insert(h, b, null);
                store.addAgent(h, b.id(), ownerId, OWNER);
            });
        } catch (RuntimeException e) {
            if (db.dialect().isUniqueViolation(e)) {
                throw ApiException.conflict("The handle @" + handle + " is taken.");
            }
            throw e;
        }
        return Views.Brief.of(b);
    }

    /** The caller's own account, or a business the caller is an agent of; anything else is not found. */
    @Override
    public String accountFor(Principal caller, String businessId) {
        if (caller.bot()) {
            // A bot is its business; it acts for no other.
            if (businessId == null || businessId.isEmpty() || businessId.equals(caller.accountId())) {
                return caller.accountId();
            }
            throw ApiException.notFound("business");
        }
        if (businessId == null || businessId.isEmpty()) {
            return caller.accountId();
        }
        return store.role(businessId, caller.accountId()).map(r -> businessId)
                .orElseThrow(() -> ApiException.notFound("business"));
    }

    /** Owners and admins run the business's settings, bots and automation. */
    public boolean isManager(String businessId, String accountId) {
        return store.role(businessId, accountId).map(r -> OWNER.equals(r) || "admin".equals(r)).orElse(false);
    }

    public List<Views.Brief> businessesOf(String accountId) {
        return accountStore.byIds(store.businessesOf(accountId)).stream().map(Views.Brief::of).toList();
    }
}
