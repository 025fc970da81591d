package dev.parley.appevents;

import dev.parley.app.App;
import dev.parley.app.Apps;
import dev.parley.http.ApiException;
import dev.parley.http.Requests;
import dev.parley.http.Routes;
import dev.parley.outbound.OutboundClient;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The app's events: {@code GET /api/v1/app/events} (by cursor, long-polling), the feed's settings,
 * and the app's webhook. Authenticated by the app's secret only; each app sees only its own feed.
 */
final class AppEventRoutes implements Routes {
    static final int MAX_WAIT_SECONDS = 30;
    static final int MAX_LIMIT = 500;

    private final Apps apps;
    private final AppEventStore events;
    private final AppWebhookStore hooks;
    private final Waiters waiters;
    private final OutboundClient outbound;
    private final Clock clock;
    /** A webhook was set here: the dispatcher reads the webhooks now, not at its next pass. */
    private final Runnable webhookSet;

    record Settings(Boolean includeText) {}

    record WebhookBody(String url, List<String> types, String secret) {}

    AppEventRoutes(Apps apps, AppEventStore events, AppWebhookStore hooks, Waiters waiters, OutboundClient outbound,
                   Clock clock, Runnable webhookSet) {
        this.webhookSet = webhookSet;
        this.apps = apps;
        this.events = events;
        this.hooks = hooks;
        this.waiters = waiters;
        this.outbound = outbound;
        this.clock = clock;
    }

    @Override
    public void register(RoutesConfig r) {
        r.get("/api/v1/app/events", this::feed);
        r.get("/api/v1/app/events/settings", ctx -> ctx.json(settings(app(ctx))));
        r.put("/api/v1/app/events/settings", ctx -> {
            App app = app(ctx);
            Boolean on = Requests.body(ctx, Settings.class).includeText();
            events.setIncludeText(app.id(), Requests.required(on, "include_text"));
            if (on) {
                events.wantMessages(app.id()); // texts are asked for: so are the messages that carry them
            }
            ctx.json(settings(app));
        });
        r.get("/api/v1/app/webhook", ctx -> ctx.json(view(hooks.get(app(ctx).id())
                .orElseThrow(() -> ApiException.notFound("webhook")))));
        r.put("/api/v1/app/webhook", ctx -> {
            App app = app(ctx);
            WebhookBody b = Requests.body(ctx, WebhookBody.class);
            String url = Requests.required(b.url(), "url");
            if (url.length() > 2048) {
                throw ApiException.validation("Field 'url' is at most 2048 characters.");
            }
            outbound.validate(url);
            List<String> types = types(b.types());
            String secret = Requests.required(b.secret(), "secret");
            if (secret.length() < 16 || secret.length() > 256) {
                throw ApiException.validation("Field 'secret' must be 16 to 256 characters.");
            }
            if (types.isEmpty() || types.contains(AppEventTypes.MESSAGE_CREATED)) {
                events.wantMessages(app.id()); // before the webhook's start: its first message is recorded
            }
            boolean created = hooks.put(app.id(), url, types, secret, events.state(app.id()).lastId(), clock.instant());
            webhookSet.run();
            ctx.status(created ? 201 : 200).json(view(hooks.get(app.id()).orElseThrow()));
        });
        r.delete("/api/v1/app/webhook", ctx -> {
            if (!hooks.delete(app(ctx).id())) {
                throw ApiException.notFound("webhook");
            }
            ctx.status(204);
        });
    }

    private void feed(Context ctx) {
        App app = app(ctx);
        events.wantMessages(app.id()); // an app that reads its feed gets its users' messages from now on
        AppEventStore.State state = events.state(app.id());
        long after = cursor(ctx, state);
        int wait = Requests.intQuery(ctx, "wait", 0, 0, MAX_WAIT_SECONDS);
        int limit = Requests.intQuery(ctx, "limit", 100, 1, MAX_LIMIT);
        List<AppEvent> items = events.after(app.id(), after, limit);
        if (!items.isEmpty() || wait == 0) {
            ctx.json(page(items, after));
            return;
        }
        ctx.future(() -> waiters.next(app.id(), after, Duration.ofSeconds(wait), () -> events.after(app.id(), after, limit))
                .exceptionally(e -> List.of())
                .thenAccept(later -> ctx.json(page(later, after))));
    }

    /** {@code after}: absent means the oldest event kept; otherwise a cursor this feed gave out and still keeps. */
    private static long cursor(Context ctx, AppEventStore.State state) {
        String raw = ctx.queryParam("after");
        if (raw == null || raw.isEmpty()) {
            return state.prunedThrough();
        }
        long after;
        try {
            after = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new ApiException(400, "bad_cursor", "Bad cursor", "'after' must be a cursor this feed gave out ('next').");
        }
        if (after < 0 || after > state.lastId()) {
            throw new ApiException(400, "bad_cursor", "Bad cursor", "'after' is not a cursor this feed gave out.");
        }
        if (after < state.prunedThrough()) {
            throw new ApiException(410, "cursor_expired", "Cursor expired",
                    "Events after that cursor were pruned; continue from 'next'.",
                    Map.of("next", String.valueOf(state.prunedThrough())));
        }
        return after;
    }

    private static Map<String, Object> page(List<AppEvent> items, long after) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", items);
        out.put("next", String.valueOf(items.isEmpty() ? after : items.get(items.size() - 1).id()));
        return out;
    }

    private Map<String, Object> settings(App app) {
        return Map.of("include_text", events.state(app.id()).includeText());
    }

    private static List<String> types(List<String> types) {
        if (types == null) {
            return List.of();
        }
        for (String t : types) {
            if (!AppEventTypes.ALL.contains(t)) {
                throw new ApiException(422, "unknown_event_type", "Unknown event type",
                        "Field 'types' names '" + t + "'; known: " + String.join(", ", AppEventTypes.ALL) + ".");
            }
        }
        return types.stream().distinct().toList();
    }

    /** The webhook as the app sees it: never its secret. */
    private static Map<String, Object> view(AppWebhookStore.Hook h) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("url", h.url());
        out.put("types", h.types());
        out.put("delivered_through", String.valueOf(h.deliveredThrough()));
        out.put("pending_txn_id", h.txnBody() == null ? null : String.valueOf(h.txnId()));
        out.put("attempts", h.attempts());
        out.put("last_status", h.lastStatus());
        out.put("last_error", h.lastError());
        return out;
    }

    private App app(Context ctx) {
        return apps.caller(ctx.header("Authorization"));
    }
}
