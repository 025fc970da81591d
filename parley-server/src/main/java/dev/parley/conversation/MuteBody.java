package dev.parley.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.http.ApiException;
import dev.parley.http.ClientTime;
import java.time.Instant;

/**
 * The body of {@code PUT /api/v1/conversations/{id}/notifications}: {@code muted_until} is an
 * ISO-8601 time with an offset, {@code "forever"}, or null (not muted). A time already past
 * simply means not muted.
 */
record MuteBody(boolean forever, Instant until) {
    static MuteBody parse(JsonNode body) {
        if (!body.isObject() || !body.has("muted_until")) {
            throw invalid("Field 'muted_until' is required: a time, \"forever\" or null.");
        }
        JsonNode v = body.get("muted_until");
        if (v.isNull()) {
            return new MuteBody(false, null);
        }
        if (!v.isTextual()) { // the wrong type is the body's mistake (400), as everywhere
            throw ApiException.badRequest("Field 'muted_until' has the wrong type (expected an ISO-8601 time, "
                    + "\"forever\" or null).");
        }
        if (ConversationView.FOREVER.equals(v.asText())) {
            return new MuteBody(true, null);
        }
        return new MuteBody(false, ClientTime.parse("muted_until", v.asText(),
                "Field 'muted_until' must be an ISO-8601 time with an offset (2026-12-24T18:00:00Z), "
                        + "\"forever\" or null."));
    }

    private static ApiException invalid(String detail) {
        return ApiException.validation(detail);
    }
}
