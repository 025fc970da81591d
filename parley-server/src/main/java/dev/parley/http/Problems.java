package dev.parley.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Renders every failure as problem+json; a server fault is logged and never shows its stack. */
public final class Problems {
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
    public static final String CONTENT_TYPE = "application/problem+json";

    private Problems() {}

    public static Map<String, Object> body(ApiException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", e.title());
        body.put("status", e.status());
        body.put("detail", e.detail());
        body.put("code", e.code());
        body.putAll(e.extra());
        return body;
    }

    public static void render(Context ctx, ApiException e) {
        if (e.extra().get("retry_after") instanceof Long seconds) {
            ctx.header("Retry-After", String.valueOf(seconds));
        }
        // As bytes: Jetty knows no charset for application/problem+json and would write a String as
        // ISO-8859-1, so a detail quoting the client's words ("most of all: “…”", a name in any script) lost them.
        ctx.status(e.status()).contentType(CONTENT_TYPE).result(Json.write(body(e)).getBytes(StandardCharsets.UTF_8));
    }

    /** Maps an exception thrown while handling a request to the problem the client sees. */
    public static ApiException classify(Exception e) {
        if (e instanceof ApiException api) {
            return api;
        }
        if (unreadableBody(e)) {
            return ApiException.badRequest("The request body could not be read: it ended before its length"
                    + " or its chunked encoding is malformed.");
        }
        JsonProcessingException json = find(e, JsonProcessingException.class);
        if (json != null) {
            return ApiException.badRequest(describe(json));
        }
        return null;
    }

    public static void handle(Exception e, Context ctx) {
        ApiException problem = classify(e);
        if (problem != null && unreadableBody(e)) {
            // The client's mistake, and anyone can make it at will: an ERROR with a stack each time
            // let a stranger flood the log.
            LOG.debug("request {} {}: body unreadable ({})", ctx.method(), ctx.path(), e.toString());
        } else if (problem == null) {
            LOG.error("request {} {} failed", ctx.method(), ctx.path(), e);
            problem = new ApiException(500, "internal_error", "Server error",
                    "Something went wrong on our side; it has been logged.");
        }
        render(ctx, problem);
    }

    /**
     * Jetty failing to read a body the client framed wrongly or cut off: a chunk with no or a non-hex
     * size line, a chunk shorter than its size, a body shorter than its Content-Length before the
     * client half-closed ("Early EOF"). Jetty reports these as an {@link EofException} or as an
     * {@link HttpException} with a 4xx code; neither is a fault of the server.
     */
    private static boolean unreadableBody(Throwable e) {
        if (find(e, EofException.class) != null) {
            return true;
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof HttpException h && h.getCode() >= 400 && h.getCode() < 500) {
                return true;
            }
        }
        return false;
    }

    private static String describe(JsonProcessingException e) {
        if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            String field = path(m);
            if (e instanceof InvalidFormatException f) {
                return "Field '" + field + "' has the wrong value: " + f.getValue();
            }
            return "Field '" + field + "' has the wrong type"
                    + (m.getTargetType() != null ? " (expected " + simpleType(m.getTargetType()) + ")" : "") + ".";
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            return "Field '" + path(m) + "' is invalid.";
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null
                && !com.fasterxml.jackson.databind.JsonNode.class.isAssignableFrom(m.getTargetType())) {
            // Valid JSON of the wrong kind at the top ([1] where an object is due): it used to read
            // "not valid JSON", which sent the client looking for a syntax error that was not there.
            return "The body must be " + jsonKind(m.getTargetType()) + ".";
        }
        return "The body is not valid JSON.";
    }

    private static String path(JsonMappingException m) {
        return m.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static String simpleType(Class<?> t) {
        if (t == String.class) {
            return "a string";
        }
        if (t == Boolean.class || t == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(t) || t == int.class || t == long.class) {
            return "a number";
        }
        if (java.util.Collection.class.isAssignableFrom(t)) {
            return "a list";
        }
        return "an object";
    }

    /** What a body of this type is in JSON's words. */
    private static String jsonKind(Class<?> t) {
        if (java.util.Collection.class.isAssignableFrom(t) || t.isArray()) {
            return "a JSON array";
        }
        String simple = simpleType(t);
        return simple.equals("an object") ? "a JSON object" : simple;
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }
}
