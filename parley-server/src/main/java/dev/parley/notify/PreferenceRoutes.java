package dev.parley.notify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.http.ApiException;
import dev.parley.http.Authenticator;
import dev.parley.http.Principal;
import dev.parley.http.Requests;
import dev.parley.http.Routes;
import io.javalin.config.RoutesConfig;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET|PUT /api/v1/me/notifications}: the caller's level, whether text is shown, and quiet
 * hours. A PUT changes the fields it names and keeps the others; a bad field answers 422
 * {@code validation_failed} naming it, and nothing is written.
 */
public final class PreferenceRoutes implements Routes {
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private final Authenticator auth;
    private final PreferenceStore store;

    public PreferenceRoutes(Authenticator auth, PreferenceStore store) {
        this.auth = auth;
        this.store = store;
    }

    @Override
    public void register(RoutesConfig r) {
        r.get("/api/v1/me/notifications", ctx -> {
            Principal p = Requests.principal(ctx, auth);
            ctx.json(view(store.of(p.accountId())));
        });
        r.put("/api/v1/me/notifications", ctx -> {
            Principal p = Requests.holder(ctx, auth);
            JsonNode body = Requests.body(ctx, JsonNode.class);
            if (!body.isObject()) {
                throw ApiException.badRequest("The body must be a JSON object.");
            }
            Preferences next = merge(store.of(p.accountId()), body);
            store.put(p.accountId(), next);
            ctx.json(view(next));
        });
    }

    static Preferences merge(Preferences current, JsonNode body) {
        String level = current.level();
        if (body.has("level")) {
            JsonNode v = body.get("level");
            if (!v.isTextual() || !Preferences.LEVELS.contains(v.asText())) {
                throw invalid("level", "must be one of all, mentions, none");
            }
            level = v.asText();
        }
        boolean showText = current.showText();
        if (body.has("show_text")) {
            if (!body.get("show_text").isBoolean()) {
                throw invalid("show_text", "must be true or false");
            }
            showText = body.get("show_text").asBoolean();
        }
        Preferences.QuietHours quiet = current.quietHours();
        if (body.has("quiet_hours")) {
            quiet = quietHours(body.get("quiet_hours"));
        }
        return new Preferences(level, showText, quiet);
    }

    private static Preferences.QuietHours quietHours(JsonNode q) {
        if (q.isNull()) {
            return null;
        }
        if (!q.isObject()) {
            throw invalid("quiet_hours", "must be an object with start, end and time_zone, or null");
        }
        LocalTime start = time(q, "start");
        LocalTime end = time(q, "end");
        if (start.equals(end)) {
            throw invalid("quiet_hours.end", "must differ from quiet_hours.start");
        }
        JsonNode zone = q.get("time_zone");
        if (zone == null || !zone.isTextual()) {
            throw invalid("quiet_hours.time_zone", "is required: an IANA time zone such as Europe/Berlin");
        }
        // A region's name (Europe/Berlin) only, as documented: an offset (+05:00, GMT+05:00) or an
        // old alias (SystemV/EST5) keeps no daylight saving, so quiet hours would drift by an hour.
        if (!ZoneId.getAvailableZoneIds().contains(zone.asText()) || zone.asText().startsWith("SystemV/")
                || !zone.asText().contains("/") && !zone.asText().equals("UTC")) {
            throw invalid("quiet_hours.time_zone", "is not a known time zone (use one such as Europe/Berlin)");
        }
        try {
            return new Preferences.QuietHours(start, end, ZoneId.of(zone.asText()));
        } catch (DateTimeException e) {
            throw invalid("quiet_hours.time_zone", "is not a known time zone (use one such as Europe/Berlin)");
        }
    }

    private static LocalTime time(JsonNode q, String field) {
        JsonNode v = q.get(field);
        if (v == null || !v.isTextual() || !v.asText().matches("([01][0-9]|2[0-3]):[0-5][0-9]")) {
            throw invalid("quiet_hours." + field, "must be a time of day as HH:MM (24 hours)");
        }
        return LocalTime.parse(v.asText(), HH_MM);
    }

    private static ApiException invalid(String field, String what) {
        return ApiException.validation("Field '" + field + "' " + what + ".");
    }

    static Map<String, Object> view(Preferences p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("level", p.level());
        m.put("show_text", p.showText());
        if (p.quietHours() == null) {
            m.put("quiet_hours", null);
        } else {
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("start", p.quietHours().start().format(HH_MM));
            q.put("end", p.quietHours().end().format(HH_MM));
            q.put("time_zone", p.quietHours().timeZone().getId());
            m.put("quiet_hours", q);
        }
        return m;
    }
}
