package dev.parley.account;

import dev.parley.http.ApiException;
import dev.parley.http.Authenticator;
import dev.parley.http.Principal;
import dev.parley.store.Database;
import dev.parley.store.Ids;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sign-up, sign-in, sign-out, the caller's own account and settings. Tokens are 32 random bytes;
 * only their SHA-256 is stored, and a small in-memory cache keeps token checks off the database.
 */
public final class AccountService implements Authenticator {
    public static final List<String> DM_POLICIES = List.of("everyone", "following", "nobody");
    private static final int CACHE_LIMIT = 100_000;
    /** A session ended outside this node's sight (admin CLI) stops working within this long. */
    private static final long CACHE_MILLIS = 30_000;

    private final Database db;
    private final AccountStore store;
    private final Passwords passwords;
    private final Clock clock;
    private final Map<String, Cached> tokenCache = new ConcurrentHashMap<>();

    private record Cached(Principal principal, long until) {}

    /** Other caches of verified credentials (an app's JWTs), dropped whenever an account's tokens are. */
    private final List<Runnable> alsoForget = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<java.util.function.Consumer<String>> profileListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final Revoker revoker;

    /**
     * @param revoker ends, on every node, what a deleted session still holds open (cached tokens,
     *                sockets); this service forgets its own cache of the token first
     */
    public AccountService(Database db, AccountStore store, Passwords passwords, Clock clock, Revoker revoker) {
        this.db = db;
        this.store = store;
        this.passwords = passwords;
        this.clock = clock;
        this.revoker = revoker;
    }

    /** A sign-up form that passed validation. */
    public record NewPerson(String handle, String password, String displayName) {
        public static NewPerson of(String handleRaw, String passwordRaw, String displayNameRaw) {
            String handle = Validation.handle(handleRaw);
            return new NewPerson(handle, PasswordRules.check(passwordRaw, handle),
                    Validation.displayName(displayNameRaw));
        }

        @Override
        public String toString() {
            return "NewPerson[@" + handle + "]"; // never the password
        }
    }

    public Views.SignedIn signUp(NewPerson p) {
        String handle = p.handle();
        String displayName = p.displayName();
        String hash = passwords.hash(p.password());
        Account a = newAccount(handle, displayName, Account.PERSON, "following");
        insertOrConflict(a, hash);
        return new Views.SignedIn(Views.Me.of(a), issueToken(a.id()));
    }

    /** Makes an account row (a person, or a business page) in the caller's transaction-free path. */
    public Account newAccount(String handle, String displayName, String kind, String dmPolicy) {
        return new Account(Ids.next('a'), handle, displayName, Optional.empty(), kind, false, dmPolicy,
                true, List.of(), false, false, clock.instant(), Optional.empty(), Optional.empty());
    }

    /** Inserts the account; a handle taken in its network (in any case) answers 409. */
    public void insertOrConflict(Account a, String passwordHash) {
        try {
            db.writeVoid(h -> store.insert(h, a, passwordHash));
        } catch (RuntimeException e) {
            if (db.dialect().isUniqueViolation(e)) {
                throw ApiException.conflict("The handle @" + a.handle() + " is taken.");
            }
            throw e;
        }
    }

    public Views.SignedIn signIn(String handleRaw, String password) {
        if (handleRaw == null || password == null) {
            throw ApiException.validation("Fields 'handle' and 'password' are required.");
        }
        String handle = handleRaw.trim().toLowerCase(java.util.Locale.ROOT);
        Optional<Account> account = store.byHandle(Account.OWN_NETWORK, handle); // only password accounts sign in so
        Optional<String> hash = account.flatMap(a -> store.passwordHash(a.id()));
        if (hash.isEmpty()) {
            passwords.verifyDummy(password);
            throw wrongCredentials();
        }
        if (!passwords.verify(password, hash.get())) {
            throw wrongCredentials();
        }
        if (account.get().suspended()) {
            // A suspension for a time says when it ends (what a moderator said is on /me/moderation after).
            String until = store.suspendedUntil(account.get().id()).map(Object::toString).orElse(null);
            java.util.Map<String, Object> end = new java.util.HashMap<>();
            end.put("suspended_until", until);
            throw new ApiException(403, "suspended", "Not allowed", until == null ? "This account is suspended."
                    : "This account is suspended until " + until + ".", end);
        }
        return new Views.SignedIn(Views.Me.of(account.get()), issueToken(account.get().id()));
    }

    private static ApiException wrongCredentials() {
        return new ApiException(401, "unauthorized", "Wrong handle or password",
                "That handle and password do not match an account.");
    }

    public void signOut(Principal p) {
        store.deleteSession(p.tokenHash());
        forgetToken(p.tokenHash());
        revoker.revokeToken(p.tokenHash());
    }

    /** Ends every session of an account (suspension); their tokens and sockets stop working at once. */
    public void signOutEverywhere(String accountId) {
        store.deleteSessionsOf(accountId);
        forgetTokensOf(accountId);
        revoker.revokeAccount(accountId);
    }

    /**
     * Sets a new password once the current one is proven, and ends every other session: whoever
     * else held a token (a stolen one, say) is signed out, sockets included.
     */
    public void changePassword(Principal p, String current, String next) {
        if (current == null || next == null) {
            throw ApiException.validation("Fields 'current_password' and 'new_password' are required.");
        }
        // The rules a new account's password meets: length, not common, not the handle, no controls.
        String handle = store.byId(p.accountId()).map(Account::handle).orElseThrow(ApiException::unauthorized);
        String newPassword = PasswordRules.check(next, handle);
        String hash = store.passwordHash(p.accountId()).orElseThrow(ApiException::unauthorized);
        if (!passwords.verify(current, hash)) {
            throw ApiException.forbidden("wrong_password", "The current password is not right.");
        }
        store.setPasswordHash(p.accountId(), passwords.hash(newPassword));
        for (String ended : store.deleteSessionsOfExcept(p.accountId(), p.tokenHash())) {
            forgetToken(ended);
            revoker.revokeToken(ended);
        }
    }

    /**
     * Proves the caller is the account's holder before something that cannot be undone (an
     * erasure): the password when the account has one, else a token issued within {@code fresh}
     * (an app's user has no password: the app mints a fresh token).
     */
    public void confirmHolder(Principal p, String password, java.time.Duration fresh) {
        Optional<String> hash = store.passwordHash(p.accountId());
        if (hash.isPresent()) {
            if (password == null || password.isEmpty()) {
                throw ApiException.validation("Field 'password' is required.");
            }
            if (!passwords.verify(password, hash.get())) {
                throw ApiException.forbidden("wrong_password", "The password is not right.");
            }
            return;
        }
        boolean recent = issuedAt(p.tokenHash())
                .map(at -> !at.isBefore(clock.instant().minus(fresh))).orElse(false);
        if (!recent) {
            throw ApiException.forbidden("reauthentication_required",
                    "This account has no password: use a token issued in the last " + fresh.toMinutes() + " minutes.");
        }
    }

    /** Drops a cached token, e.g. when another node says it was revoked. */
    public void forgetToken(String tokenHash) {
        tokenCache.remove(tokenHash);
    }

    /**
     * Drops every cached token, so each is read from the store again on its next use: an app changed
     * (a revoke deletes the tokens it minted), a rare event that costs one read a token in use.
     */
    public void forgetCachedTokens() {
        tokenCache.clear();
    }

    /** Drops every cached token of an account (it was suspended, or its older tokens were revoked). */
    public void forgetTokensOf(String accountId) {
        tokenCache.values().removeIf(c -> c.principal().accountId().equals(accountId));
        alsoForget.forEach(Runnable::run);
    }

    /**
     * Runs {@code forget} whenever an account's cached tokens are dropped (a suspension, a sign-out
     * everywhere, here or heard from another node): a credential verified without a session row,
     * such as an app's JWT, would otherwise keep working until its cache entry ran out.
     */
    public void alsoForget(Runnable forget) {
        alsoForget.add(forget);
    }

    /** Hears an account whose name, handle or picture changed (committed): the stream tells its contacts. */
    public void onProfileChanged(java.util.function.Consumer<String> listener) {
        profileListeners.add(listener);
    }

    /** An account's name, handle or picture changed, and the change is committed. */
    public void profileChanged(String accountId) {
        profileListeners.forEach(l -> l.accept(accountId));
    }

    /** When a session's token was issued; empty once the session is gone. Read from the store, never cached. */
    public Optional<java.time.Instant> issuedAt(String tokenHash) {
        return store.sessionIssuedAt(tokenHash);
    }

    /** Which of these sessions still exist in the store (whatever ended them, on whichever process). */
    public java.util.Set<String> liveSessions(java.util.Collection<String> tokenHashes) {
        return store.liveSessions(tokenHashes);
    }

    /** Drops every cached token: revocations may have been missed (the cluster's link was down). */
    public void forgetAllTokens() {
        tokenCache.clear();
    }

    private String issueToken(String accountId) {
        String token = Ids.unguessable(32);
        store.insertSession(sha256(token), accountId);
        return token;
    }

    /**
     * Mints a client token for an app's user: a session row that ends by itself. A row (rather
     * than a stateless signed token) keeps the per-request check the same cached lookup as every
     * session, and revoking it is a delete that the cluster's existing "token revoked" signal
     * already carries to every node's cache.
     */
    public String mintToken(String accountId, java.time.Instant expiresAt) {
        String token = Ids.unguessable(32);
        store.insertSession(sha256(token), accountId, expiresAt);
        return token;
    }

    /** Ends the account's sessions and tokens made before {@code before}, on every node. */
    public int revokeTokensBefore(String accountId, java.time.Instant before) {
        List<String> hashes = store.deleteSessionsBefore(accountId, before);
        hashes.forEach(tokenCache::remove);
        revoker.revokeIssuedBefore(accountId, before); // their sockets close and other nodes forget them
        return hashes.size();
    }

    @Override
    public Optional<Principal> authenticate(String token) {
        if (token.isEmpty() || token.length() > 100) {
            return Optional.empty();
        }
        String hash = sha256(token);
        Cached cached = tokenCache.get(hash);
        long now = System.currentTimeMillis();
        if (cached != null && cached.until() > now) {
            return Optional.of(cached.principal());
        }
        Optional<AccountStore.Session> session = store.session(hash)
                .filter(s -> s.expiresAt().map(e -> e.toEpochMilli() > clock.millis()).orElse(true));
        Optional<Principal> found = session
                .flatMap(s -> store.byId(s.accountId()))
                .filter(a -> !a.suspended())
                .map(a -> new Principal(a.id(), hash, a.admin(), false, session.get().expiresAt()));
        found.ifPresent(p -> {
            if (tokenCache.size() > CACHE_LIMIT) {
                tokenCache.clear();
            }
            // A minted token leaves the cache when it expires, not up to 30 s later.
            long until = Math.min(now + CACHE_MILLIS,
                    p.expiresAt().map(e -> now + e.toEpochMilli() - clock.millis()).orElse(Long.MAX_VALUE));
            tokenCache.put(hash, new Cached(p, until));
        });
        return found;
    }

    public Account require(String id) {
        return store.byId(id).orElseThrow(() -> ApiException.notFound("account"));
    }

    public Views.Me me(String id) {
        return Views.Me.of(require(id));
    }

    /** Applies the fields present in a PATCH /me body; absent ones stay as they are. */
    public Views.Me update(String id, MePatch patch) {
        Account a = require(id);
        String displayName = patch.displayName() != null ? Validation.displayName(patch.displayName()) : a.displayName();
        Optional<String> preferred = patch.preferredName() != null
                ? Validation.preferredName(patch.preferredName()) : a.preferredName();
        String dmPolicy = a.dmPolicy();
        boolean receipts = a.readReceipts();
        List<String> hidden = a.hiddenWords();
        if (patch.settings() != null) {
            MePatch.SettingsPatch s = patch.settings();
            if (s.dmPolicy() != null) {
                if (!DM_POLICIES.contains(s.dmPolicy())) {
                    throw ApiException.validation("settings.dm_policy must be one of everyone, following, nobody.");
                }
                dmPolicy = s.dmPolicy();
            }
            if (s.readReceipts() != null) {
                receipts = s.readReceipts();
            }
            if (s.hiddenWords() != null) {
                hidden = hiddenWords(s.hiddenWords());
            }
        }
        if (!displayName.equals(a.displayName()) || !preferred.equals(a.preferredName())) {
            store.updateProfile(id, displayName, preferred);
            profileChanged(id);
        }
        store.updateSettings(id, dmPolicy, receipts, hidden);
        return me(id);
    }

    private static List<String> hiddenWords(List<String> words) {
        if (words.size() > 500) {
            throw ApiException.validation("settings.hidden_words holds at most 500 words.");
        }
        return words.stream()
                .map(w -> w == null ? "" : w.strip().toLowerCase(java.util.Locale.ROOT))
                .peek(w -> {
                    if (w.isEmpty() || w.length() > 100) {
                        throw ApiException.validation("Each hidden word is 1 to 100 characters.");
                    }
                })
                .distinct()
                .toList();
    }

    public static String sha256(String token) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body of PATCH /me. Null fields are left unchanged. */
    public record MePatch(String displayName, String preferredName, SettingsPatch settings, String bio) {
        public record SettingsPatch(String dmPolicy, Boolean readReceipts, List<String> hiddenWords) {}
    }
}
