package dev.parley.http;

import io.javalin.http.Context;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reading what a client sent, failing with a problem that says which field is wrong. */
public final class Requests {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    private Requests() {}

    /** The caller, or 401. */
    public static Principal principal(Context ctx, Authenticator auth) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiException.unauthorized();
        }
        return auth.authenticate(header.substring(7).trim(), ctx.header("X-Parley-User"))
                .orElseThrow(ApiException::unauthorized);
    }

    /**
     * The caller acting on its own account (profile, password, settings, erasure, exports), which a
     * bot's token never may: a bot answers for its business in its conversations, and the business's
     * own account is its owners'.
     */
    public static Principal holder(Context ctx, Authenticator auth) {
        Principal p = principal(ctx, auth);
        if (p.bot()) {
            throw ApiException.forbidden("not_for_bots",
                    "A bot answers for its business; the business's own account is its owners' to change.");
        }
        return p;
    }

    /**
     * The body as {@code type}: valid UTF-8 and JSON, with no string in it that {@link InputText}
     * refuses (a NUL, another control character, a lone surrogate), whichever field it is in.
     */
    public static <T> T body(Context ctx, Class<T> type) {
        String raw = InputText.decodeBody(ctx.bodyAsBytes());
        if (raw.isBlank()) {
            throw ApiException.badRequest("A JSON body is required.");
        }
        T value;
        try {
            com.fasterxml.jackson.databind.JsonNode tree = Json.MAPPER.readTree(raw);
            InputText.check(tree);
            value = Json.MAPPER.treeToValue(tree, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw Problems.classify(e);
        }
        if (value == null) {
            throw ApiException.badRequest("The body must be a JSON object.");
        }
        return value;
    }

    public static <T> T required(T value, String field) {
        if (value == null) {
            throw ApiException.validation("Field '" + field + "' is required.");
        }
        return value;
    }

    public static int limit(Context ctx) {
        return intQuery(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    }

    public static int intQuery(Context ctx, String name, int dflt, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw ApiException.badRequest("'" + name + "' must be between " + min + " and " + max + ".");
            }
            return n;
        } catch (NumberFormatException e) {
            throw notANumber(name, v, min, max);
        }
    }

    public static Optional<Long> longQuery(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return Optional.empty();
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw ApiException.badRequest("'" + name + "' must not be negative.");
            }
            return Optional.of(n);
        } catch (NumberFormatException e) {
            throw notANumber(name, v, 0, Long.MAX_VALUE);
        }
    }

    private static final Pattern DIGITS = Pattern.compile("[+-]?\\d+");

    /**
     * What a query number that did not parse gets: digits past what the type holds ("limit=99999999999") are a whole
     * number out of range, not a malformed one.
     */
    private static ApiException notANumber(String name, String value, long min, long max) {
        return ApiException.badRequest("'" + name + "' must be " + (DIGITS.matcher(value).matches()
                ? "between " + min + " and " + max : "a whole number") + ".");
    }

    public static Optional<String> query(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    public static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
