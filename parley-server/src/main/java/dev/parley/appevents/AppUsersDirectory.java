package dev.parley.appevents;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;

/**
 * Which app an account belongs to and its id there, cached: an account's app and external id
 * never change, so an entry never goes stale (the cache is only emptied when it grows too big).
 */
final class AppUsersDirectory {
    private static final String LOOKUP = "SELECT id, app_id, external_id FROM accounts WHERE id IN (<ids>)";
    private static final int MAX_ENTRIES = 200_000;

    /** An account of an app: the app, and the app's own id for it. */
    record AppUser(String appId, String externalId) {}

    private final Map<String, Optional<AppUser>> cache = new ConcurrentHashMap<>();

    /** The app users among {@code accountIds}, looking up the unknown ones on {@code h}. */
    Map<String, AppUser> resolve(Handle h, Collection<String> accountIds) {
        Map<String, AppUser> out = new HashMap<>();
        List<String> unknown = accountIds.stream().distinct().filter(id -> {
            Optional<AppUser> known = cache.get(id);
            if (known == null) {
                return true;
            }
            known.ifPresent(u -> out.put(id, u));
            return false;
        }).toList();
        if (unknown.isEmpty()) {
            return out;
        }
        if (cache.size() > MAX_ENTRIES) {
            cache.clear();
        }
        Map<String, Optional<AppUser>> found = new HashMap<>();
        unknown.forEach(id -> found.put(id, Optional.empty()));
        h.createQuery(LOOKUP).bindList("ids", unknown).map((rs, c) -> {
            String app = rs.getString(2);
            found.put(rs.getString(1), app == null ? Optional.empty() : Optional.of(new AppUser(app, rs.getString(3))));
            return null;
        }).list();
        found.forEach((id, u) -> {
            cache.put(id, u);
            u.ifPresent(v -> out.put(id, v));
        });
        return out;
    }

    /** The app of an account already seen, without a lookup (empty when unknown or not an app user). */
    Optional<AppUser> cached(String accountId) {
        Optional<AppUser> u = cache.get(accountId);
        return u == null ? Optional.empty() : u;
    }
}
