package dev.parley.notify;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.parley.http.Json;
import java.io.IOException;

/**
 * The three fields of a {@code message.created} event's message that the pending writer needs,
 * read with Jackson's streaming parser: no tree, the text and everything else skipped. The writer
 * hears every recipient's copy of every message; building each one's whole tree was a tenth of a
 * loaded node's sampled CPU (issue 22).
 *
 * @param id         the message's id ({@code c….seq})
 * @param senderId   who sent it; empty if absent
 * @param authorKind {@code person}, {@code system}, …; empty if absent
 */
record MessageFacts(String id, String senderId, String authorKind) {

    /** The facts of {@code {"message": {…}}}, or null when the data holds no message with an id. */
    static MessageFacts of(String data) {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("message".equals(field) && value == JsonToken.START_OBJECT) {
                    return message(p);
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException bad) {
            return null;
        }
    }

    private static MessageFacts message(JsonParser p) throws IOException {
        String id = null;
        String sender = "";
        String kind = "";
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            boolean text = value == JsonToken.VALUE_STRING;
            switch (field) {
                case "id" -> id = text ? p.getText() : null;
                case "sender_id" -> sender = text ? p.getText() : "";
                case "author_kind" -> kind = text ? p.getText() : "";
                default -> p.skipChildren();
            }
        }
        return id == null ? null : new MessageFacts(id, sender, kind);
    }
}
