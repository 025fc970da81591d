package dev.parley.event;

import dev.parley.http.ApiException;
import dev.parley.http.Acting;
import dev.parley.http.Authenticator;
import dev.parley.http.Caller;
import dev.parley.http.Requests;
import dev.parley.http.Routes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;

/** {@code GET /sync?since=TOKEN}: every event after the token, once, in order. */
public final class SyncRoutes implements Routes {
    private final Authenticator auth;
    private final Acting acting;
    private final EventStore events;

    public SyncRoutes(Authenticator auth, Acting acting, EventStore events) {
        this.auth = auth;
        this.acting = acting;
        this.events = events;
    }

    public record SyncPage(List<Event> events, String next, boolean hasMore) {}

    @Override
    public void register(RoutesConfig r) {
        for (String prefix : Caller.PREFIXES) {
            r.get(prefix + "/sync", ctx -> ctx.json(page(Caller.of(ctx, auth, acting).accountId(), ctx)));
        }
    }

    /** The page for an account's log (a person's own, or a business's for its agents). */
    public SyncPage page(String accountId, Context ctx) {
        Optional<Long> since;
        try {
            since = since(ctx);
        } catch (ApiException malformed) {
            // Like an expired token: say where to start again.
            throw new ApiException(410, malformed.code(), malformed.title(), malformed.detail(),
                    java.util.Map.of("next", String.valueOf(events.current(accountId))));
        }
        return page(events, accountId, since, Requests.intQuery(ctx, "limit", 200, 1, 1000));
    }

    public static SyncPage page(EventStore events, String accountId, Optional<Long> since, int limit) {
        if (since.isEmpty()) {
            return new SyncPage(List.of(), String.valueOf(events.current(accountId)), false);
        }
        List<Event> got = events.since(accountId, since.get(), limit + 1);
        boolean more = got.size() > limit;
        List<Event> page = more ? got.subList(0, limit) : got;
        long next = page.isEmpty() ? since.get() : page.get(page.size() - 1).token();
        return new SyncPage(page, String.valueOf(next), more);
    }

    /** Past every account's last token, so the event log answers it as unknown. */
    private static final long UNKNOWN = Long.MAX_VALUE;

    public static Optional<Long> parseToken(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Optional.empty();
        }
        // A token this server never gave out is an unknown one, answered as one: 410 sync_reset with
        // the 'next' to start again from (the store's check below it), on sync and on the stream alike.
        try {
            long t = Long.parseLong(raw);
            return Optional.of(t < 0 ? UNKNOWN : t);
        } catch (NumberFormatException e) {
            return Optional.of(UNKNOWN);
        }
    }

    private static Optional<Long> since(Context ctx) {
        return parseToken(ctx.queryParam("since"));
    }
}
