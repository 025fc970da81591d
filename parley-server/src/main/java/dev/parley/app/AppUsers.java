package dev.parley.app;

import dev.parley.account.Account;
import dev.parley.account.AccountService;
import dev.parley.account.AccountStore;
import dev.parley.account.Validation;
import dev.parley.http.ApiException;
import dev.parley.store.Database;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/**
 * An app's users, by the app's own id: upsert one or a batch (all or nothing), deactivate and
 * reactivate. A user is an ordinary account row tagged with the app, so every feature serves it.
 */
public final class AppUsers {
    public static final int BATCH_MAX = 100;
    private static final Pattern EXTERNAL_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");
    private static final Pattern NOT_HANDLE = Pattern.compile("[^a-z0-9_]+");

    private final Database db;
    private final AppStore store;
    private final AccountStore accounts;
    private final AccountService accountService;
    private final SecureRandom random = new SecureRandom();

    /** What an app says about one of its users; absent fields keep their value (or a default when new). */
    public record Fields(String externalId, String handle, String displayName, String firstName, String avatarUrl,
                         String kind) {}

    /** The Parley account of an app's user, as the app sees it. */
    /**
     * @param deactivated the app's own deactivation, which its reactivate lifts
     * @param suspended   a suspension by the node's administrators or moderators, which only they lift
     */
    public record View(String id, String handle, String externalId, String displayName, String firstName,
                       String avatarUrl, String kind, boolean deactivated, boolean suspended, Instant createdAt) {
        static View of(Account a, Optional<String> avatar, AppStore.Standing standing) {
            return new View(a.id(), a.handle(), a.externalId().orElse(null), a.displayName(),
                    a.preferredName().orElse(null), avatar.orElse(null), a.kind(), standing.deactivated(),
                    standing.suspended(), a.createdAt());
        }
    }

    /** @param renamed an existing user's name, handle or picture changed (their contacts are told, after the commit) */
    public record Upserted(View user, boolean created, boolean renamed) {}

    public AppUsers(Database db, AppStore store, AccountStore accounts, AccountService accountService) {
        this.db = db;
        this.store = store;
        this.accounts = accounts;
        this.accountService = accountService;
    }

    public static String externalId(String raw) {
        // "." and ".." could never be named in a path: clients and proxies resolve them away.
        if (raw == null || !EXTERNAL_ID.matcher(raw).matches() || raw.equals(".") || raw.equals("..")) {
            throw ApiException.validation("An external_id is 1 to 128 of A-Z a-z 0-9 . _ : @ - (not \".\" or \"..\" alone).");
        }
        return raw;
    }

    public Upserted upsert(String appId, String externalIdRaw, Fields f) {
        String externalId = externalId(externalIdRaw);
        // The path names the user; a different id in the body is a mistake (a copied batch item, a
        // wrong URL), which would otherwise create or change the path's user without a word.
        if (f.externalId() != null && !f.externalId().equals(externalId)) {
            throw ApiException.validation("Field 'external_id' is " + f.externalId() + " but the path names "
                    + externalId + ": leave it out, or send the same id.");
        }
        Upserted u = withHandleConflicts(() -> db.write(h -> upsert(h, appId, externalId, f)));
        return told(List.of(u)).get(0);
    }

    /** After the commit: open clients of the renamed users' contacts fetch their profiles again. */
    private List<Upserted> told(List<Upserted> done) {
        done.stream().filter(Upserted::renamed).forEach(u -> accountService.profileChanged(u.user().id()));
        return done;
    }

    /** Up to {@value #BATCH_MAX} users in one transaction; a bad one refuses them all, naming its index. */
    public List<Upserted> batch(String appId, List<Fields> users) {
        if (users == null || users.isEmpty() || users.size() > BATCH_MAX) {
            throw ApiException.validation("Field 'users' holds 1 to " + BATCH_MAX + " users.");
        }
        return told(withHandleConflicts(() -> db.write(h -> {
            List<Upserted> out = new ArrayList<>();
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < users.size(); i++) {
                try {
                    Fields f = users.get(i);
                    if (f == null) {
                        throw ApiException.validation("A user is required.");
                    }
                    String ext = externalId(f.externalId());
                    if (seen.putIfAbsent(ext, i) != null) {
                        throw ApiException.validation("external_id '" + ext + "' appears twice in the batch.");
                    }
                    out.add(upsert(h, appId, ext, f));
                } catch (ApiException e) {
                    throw Items.at("users", i, e);
                }
            }
            return out;
        })));
    }

    private Upserted upsert(Handle h, String appId, String externalId, Fields f) {
        Optional<Account> existing = store.user(h, appId, externalId);
        String kind = kind(f.kind(), existing.map(Account::kind).orElse(Account.PERSON));
        Optional<String> avatar = avatar(f.avatarUrl());
        if (existing.isPresent()) {
            Account a = existing.get();
            String handle = f.handle() == null ? a.handle() : Validation.handle(f.handle());
            if (!handle.equals(a.handle()) && store.handleTaken(h, appId, handle)) {
                throw ApiException.conflict("The handle @" + handle + " is taken.");
            }
            String displayName = f.displayName() == null ? a.displayName() : Validation.displayName(f.displayName());
            Optional<String> first = f.firstName() == null ? a.preferredName() : Validation.preferredName(f.firstName(), "first_name");
            Account updated = new Account(a.id(), handle, displayName, first, kind, a.verified(), a.dmPolicy(),
                    a.readReceipts(), a.hiddenWords(), a.admin(), a.suspended(), a.createdAt(), a.appId(), a.externalId());
            Optional<String> before = store.avatar(a.id());
            Optional<String> picture = f.avatarUrl() == null ? before : avatar;
            store.updateUser(h, updated, picture);
            boolean renamed = !handle.equals(a.handle()) || !displayName.equals(a.displayName()) || !picture.equals(before);
            return new Upserted(View.of(updated, picture, store.standing(a.id())), false, renamed);
        }
        String displayName = Validation.displayName(f.displayName());
        String handle;
        if (f.handle() != null) {
            handle = Validation.handle(f.handle());
            if (store.handleTaken(h, appId, handle)) {
                throw ApiException.conflict("The handle @" + handle + " is taken.");
            }
        } else {
            handle = freeHandle(h, appId, displayName);
        }
        Account base = accountService.newAccount(handle, displayName, kind,
                Account.BUSINESS.equals(kind) ? "everyone" : "following");
        Account a = new Account(base.id(), handle, displayName, Validation.preferredName(f.firstName(), "first_name"), kind,
                false, base.dmPolicy(), true, List.of(), false, false, base.createdAt(),
                Optional.of(appId), Optional.of(externalId));
        accounts.insert(h, a, null);
        store.setAvatar(h, a.id(), avatar);
        return new Upserted(View.of(a, avatar, new AppStore.Standing(false, false)), true, false);
    }

    /** A handle made from the name (ASCII letters and digits), with a random suffix until it is free. */
    private String freeHandle(Handle h, String appId, String displayName) {
        String base = NOT_HANDLE.matcher(Normalizer.normalize(displayName, Normalizer.Form.NFKD)
                .toLowerCase(Locale.ROOT)).replaceAll("_").replaceAll("^_+|_+$", "");
        if (base.length() < 3) {
            base = (base + "_user").replaceAll("^_+", "");
        }
        base = base.substring(0, Math.min(base.length(), 24));
        String candidate = base;
        for (int attempt = 0; store.handleTaken(h, appId, candidate); attempt++) {
            int digits = attempt < 5 ? 4 : 5;
            candidate = base + "_" + String.format("%0" + digits + "d", random.nextInt((int) Math.pow(10, digits)));
        }
        return candidate;
    }

    private static String kind(String raw, String dflt) {
        if (raw == null) {
            return dflt;
        }
        if (!Account.PERSON.equals(raw) && !Account.BUSINESS.equals(raw)) {
            throw ApiException.validation("Field 'kind' must be person or business.");
        }
        return raw;
    }

    private static Optional<String> avatar(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        String url = raw.strip();
        if (url.length() > 2048 || !isWebAddress(url)) {
            throw ApiException.validation("Field 'avatar_url' must be an http(s) URL of at most 2048 characters.");
        }
        return Optional.of(url);
    }

    /** An absolute http(s) address with a host and no user name in it, as a browser would load it. */
    private static boolean isWebAddress(String url) {
        try {
            java.net.URI u = new java.net.URI(url);
            return ("https".equalsIgnoreCase(u.getScheme()) || "http".equalsIgnoreCase(u.getScheme()))
                    && u.getHost() != null && !u.getHost().isBlank() && u.getRawUserInfo() == null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private <T> T withHandleConflicts(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            if (db.dialect().isUniqueViolation(e)) {
                throw ApiException.conflict("A handle or external_id was taken at the same moment; retry.");
            }
            throw e;
        }
    }

    public Account require(String appId, String externalIdRaw) {
        return store.user(appId, externalId(externalIdRaw)).orElseThrow(() -> ApiException.notFound("user"));
    }

    public View view(Account a) {
        return View.of(a, store.avatar(a.id()), store.standing(a.id()));
    }

    /**
     * Signs the user out everywhere and keeps them out; their messages stay. Signing out goes
     * through the one revocation path, so their sockets close at once on every node (4401).
     */
    public View deactivate(String appId, String externalId) {
        Account a = require(appId, externalId);
        store.setDeactivated(a.id(), true);
        accountService.signOutEverywhere(a.id());
        return view(require(appId, externalId));
    }

    /**
     * Lifts the app's own deactivation. A suspension by the node's administrators or moderators is
     * theirs: while it holds, 409 {@code suspended_by_admin} and nothing changes.
     */
    public View reactivate(String appId, String externalId) {
        Account a = require(appId, externalId);
        if (store.standing(a.id()).suspended()) {
            throw suspendedByAdmin(409);
        }
        store.setDeactivated(a.id(), false);
        return view(require(appId, externalId));
    }

    static ApiException suspendedByAdmin(int status) {
        return new ApiException(status, "suspended_by_admin", "Suspended by the node's moderators",
                "This user is suspended by the node's administrators or moderators; only they can lift it.");
    }
}
