package dev.parley.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The server refused a request: its HTTP status and the problem it answered (RFC 9457). Branch on
 * {@link #code()}, which is stable ({@code not_found}, {@code rate_limited}, {@code blocked},
 * {@code like_required}, {@code request_pending}, {@code sync_reset}, …); show {@link #detail()},
 * which is written for people. A refusal that arrives over the stream (an {@code error} frame)
 * carries the same problem.
 *
 * <p>Failing to reach the server at all is not a {@code ParleyException} but an
 * {@link java.io.UncheckedIOException}.
 */
public final class ParleyException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;
    private final String title;
    private final String detail;
    private final Duration retryAfter;
    private final JsonNode problem;

    private ParleyException(int status, String code, String title, String detail, Duration retryAfter, JsonNode problem) {
        super(status + " " + code + ": " + detail, null, false, false);
        this.status = status;
        this.code = code;
        this.title = title;
        this.detail = detail;
        this.retryAfter = retryAfter;
        this.problem = problem;
    }

    /** The HTTP status (403, 404, …); for a stream error frame, the status the problem names. */
    public int status() {
        return status;
    }

    /** The stable machine-readable reason, e.g. {@code like_required}. */
    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    /** What went wrong, in words a person can be shown. */
    public String detail() {
        return detail;
    }

    /** How long to wait before trying again, when the server said ({@code rate_limited}). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** What in a message read as promotion ({@code promotional_content}, {@code promotion_cap_reached}); empty otherwise. */
    public List<String> reasons() {
        List<String> out = new ArrayList<>();
        problem.path("reasons").forEach(r -> out.add(r.asText()));
        return List.copyOf(out);
    }

    /**
     * Another field of the problem as text, e.g. {@code next} of a {@code sync_reset}: the token to
     * sync from after reloading.
     */
    public Optional<String> field(String name) {
        JsonNode v = problem.get(name);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    /** From an HTTP error response; a body that is not a problem still gives a usable exception. */
    static ParleyException fromResponse(int status, Optional<String> retryAfterHeader, byte[] body) {
        JsonNode problem = parse(body);
        if (!problem.has("code")) {
            String text = new String(body, StandardCharsets.UTF_8);
            ((ObjectNode) problem).put("code", "http_" + status)
                    .put("title", "HTTP " + status)
                    .put("detail", text.isBlank() ? "The server answered " + status + "." : abbreviate(text));
        }
        Duration wait = retryAfterHeader.flatMap(ParleyException::seconds)
                .or(() -> problem.hasNonNull("retry_after") ? Optional.of(Duration.ofSeconds(problem.get("retry_after").asLong()))
                        : Optional.empty())
                .orElse(null);
        return new ParleyException(status, problem.path("code").asText(), problem.path("title").asText(""),
                problem.path("detail").asText(""), wait, problem);
    }

    /** From the {@code problem} of a stream error frame. */
    static ParleyException fromProblem(JsonNode problem) {
        Duration wait = problem.hasNonNull("retry_after") ? Duration.ofSeconds(problem.get("retry_after").asLong()) : null;
        return new ParleyException(problem.path("status").asInt(0), problem.path("code").asText(""),
                problem.path("title").asText(""), problem.path("detail").asText(""), wait, problem);
    }

    /** A refused WebSocket upgrade: the JDK gives its status but not its body. */
    static ParleyException fromUpgrade(int status) {
        String code = switch (status) {
            case 401 -> "unauthorized";
            case 404 -> "not_found";
            case 410 -> "sync_reset";
            default -> "http_" + status;
        };
        ObjectNode p = JsonNodeFactory.instance.objectNode().put("status", status).put("code", code);
        return new ParleyException(status, code, "Stream refused", "The server refused to open the stream (" + status + ").",
                null, p);
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode n = body.length == 0 ? null : ClientJson.MAPPER.readTree(body);
            return n instanceof ObjectNode ? n : JsonNodeFactory.instance.objectNode();
        } catch (java.io.IOException notJson) {
            return JsonNodeFactory.instance.objectNode();
        }
    }

    private static Optional<Duration> seconds(String header) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(header.trim())));
        } catch (NumberFormatException httpDate) {
            return Optional.empty();
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
