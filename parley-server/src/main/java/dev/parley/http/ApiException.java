package dev.parley.http;

import java.util.Map;

/**
 * A refusal the client caused or must handle, rendered as {@code application/problem+json}
 * (RFC 9457) with a stable {@code code}. Services throw it; {@link Problems} renders it.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final String title;
    private final Map<String, Object> extra;

    public ApiException(int status, String code, String title, String detail, Map<String, Object> extra) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.title = title;
        this.extra = extra;
    }

    public ApiException(int status, String code, String title, String detail) {
        this(status, code, title, detail, Map.of());
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, Object> extra() {
        return extra;
    }

    /**
     * A refusal by status alone (Jetty's or Javalin's, before any route), with a stable code: the
     * two a client can meet by sending too much get names of their own (they were {@code http_414}
     * and {@code http_431}, outside the documented list); any other keeps {@code http_STATUS}.
     */
    public static ApiException ofStatus(int status, String title, String detail) {
        String code = switch (status) {
            case 408 -> "request_timeout";
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            default -> "http_" + status;
        };
        return new ApiException(status, code, title, detail);
    }

    public static ApiException validation(String detail) {
        return new ApiException(422, "validation_failed", "Invalid request", detail);
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "validation_failed", "Invalid request", detail);
    }

    public static ApiException unauthorized() {
        return new ApiException(401, "unauthorized", "Not signed in",
                "Send a valid token as 'Authorization: Bearer TOKEN'.");
    }

    /** Same body whether the thing does not exist or the caller may not see it. */
    public static ApiException notFound(String what) {
        return new ApiException(404, "not_found", "Not found", "No such " + what + ".");
    }

    /**
     * The answer to an address the node has no route for; also given where a route must not be seen
     * to exist, so it names no path: the body is the same wherever it is given.
     */
    public static ApiException unknownRoute() {
        return new ApiException(404, "not_found", "Not found", "No such route.");
    }

    public static ApiException forbidden(String code, String detail) {
        return new ApiException(403, code, "Not allowed", detail);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, "conflict", "Conflict", detail);
    }

    public static ApiException rateLimited(long retryAfterSeconds) {
        return new ApiException(429, "rate_limited", "Too many requests",
                "Slow down; try again in " + retryAfterSeconds + " s.",
                Map.of("retry_after", retryAfterSeconds));
    }
}
