package dev.parley.account;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether an account is a business, remembered: the listeners that react to committed messages
 * (the inbox's intake, the automatic replies) ask for every message, and an account's kind never
 * changes. Bounded: past {@value #MAX} accounts it starts over.
 */
public final class AccountKinds {
    static final int MAX = 100_000;

    private final AccountStore accounts;
    private final Map<String, Boolean> business = new ConcurrentHashMap<>();

    public AccountKinds(AccountStore accounts) {
        this.accounts = accounts;
    }

    /** Reads the store the first time an account is asked about; false for an unknown account. */
    public boolean isBusiness(String accountId) {
        Boolean known = business.get(accountId);
        if (known != null) {
            return known;
        }
        boolean b = accounts.byId(accountId).map(Account::isBusiness).orElse(false);
        if (business.size() > MAX) {
            business.clear();
        }
        business.put(accountId, b);
        return b;
    }

    /** Known to be a person, without reading the store: for a thread that must not block. */
    public boolean knownPerson(String accountId) {
        return Boolean.FALSE.equals(business.get(accountId));
    }
}
