package dev.parley.appevents;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.http.Json;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * One event of an app's feed. {@code id} numbers the app's events (the cursor); {@code body} is the
 * event's own JSON object, shown beside {@code id}, {@code type} and {@code at}.
 */
public record AppEvent(long id, String type, Instant at, String body) {

    /** {@code {"id":"12","type":"message.created","at":"…", …body}}: ids as strings, like every cursor. */
    @JsonValue
    public ObjectNode json() {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("id", String.valueOf(id));
        out.put("type", type);
        out.put("at", at.toString());
        try {
            out.setAll((ObjectNode) Json.MAPPER.readTree(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
