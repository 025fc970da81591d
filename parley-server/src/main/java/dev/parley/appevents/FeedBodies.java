package dev.parley.appevents;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.event.Appended;
import dev.parley.event.EventTypes;
import dev.parley.http.Json;
import dev.parley.message.MessageView;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The JSON body of an app's feed event (without {@code id}, {@code type} and {@code at}), naming
 * people by the app's external ids.
 *
 * @implNote A {@code message.created} (nearly every event) is written straight from the message
 * view the writer rendered, with a streaming generator: no tree, no map, no parse. Other facts are
 * rare and are read back from their JSON.
 */
final class FeedBodies {
    private FeedBodies() {}

    /** The message fields an app's feed shows. */
    record Msg(String id, long seq, String senderId, String replyTo, String authorKind, String createdAt,
                       String text) {
        static Msg of(MessageView v) {
            return new Msg(v.id(), v.seq(), v.senderId(), v.replyTo(), v.authorKind() == null ? null : v.authorKind().wire(),
                    v.createdAt() == null ? null : v.createdAt().toString(), v.text());
        }

        static Msg of(JsonNode d) {
            JsonNode m = d.path("message");
            return new Msg(m.path("id").asText(), m.path("seq").asLong(), m.path("sender_id").asText(null),
                    m.path("reply_to").asText(null), m.path("author_kind").asText(null),
                    m.path("created_at").asText(null), m.path("text").asText(""));
        }
    }

    /**
     * One fact of a transaction: its type, conversation and time, every account told of it, and
     * what it says (a message, or the JSON of the other facts).
     */
    record Fact(String type, String conversationId, Instant at, List<String> accounts, Msg message, JsonNode data) {
        static Fact of(String type, String conversationId, Instant at, List<String> accounts, Appended last) {
            if (EventTypes.MESSAGE_CREATED.equals(type)) {
                Msg m = last.source() instanceof MessageView v ? Msg.of(v) : Msg.of(parse(last.lastData()));
                return new Fact(type, conversationId, at, accounts, m, null);
            }
            return new Fact(type, conversationId, at, accounts, null, parse(last.lastData()));
        }

        /** Account ids the fact names beyond the accounts told of it. */
        List<String> mentioned() {
            List<String> ids = new ArrayList<>();
            switch (type) {
                case EventTypes.MESSAGE_CREATED -> ids.add(message.senderId());
                case EventTypes.CONVERSATION_CREATED -> data.at("/conversation/members").forEach(m -> ids.add(m.path("id").asText(null)));
                case EventTypes.MEMBER_ADDED -> {
                    data.path("account_ids").forEach(a -> ids.add(a.asText(null)));
                    ids.add(data.path("by").asText(null));
                }
                case EventTypes.MEMBER_REMOVED -> {
                    ids.add(data.path("account_id").asText(null));
                    ids.add(data.path("by").asText(null));
                }
                case EventTypes.REQUEST_ACCEPTED -> ids.add(data.path("account_id").asText(null));
                default -> { }
            }
            ids.removeIf(Objects::isNull);
            return ids;
        }
    }

    /**
     * The body of {@code f} for one app: {@code members} are its external ids of those told,
     * {@code name} maps any other account to the app's external id (null when not of the app),
     * and a message carries its text only when the app opted in.
     */
    static String render(Fact f, List<String> members, UnaryOperator<String> name, boolean includeText) {
        if (f.message() != null) {
            return message(f.conversationId(), f.message(), members, name, includeText);
        }
        return Json.write(other(f, name));
    }

    private static String message(String conversationId, Msg m, List<String> members, UnaryOperator<String> name,
                                  boolean includeText) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("conversation_id", conversationId);
            g.writeObjectFieldStart("message");
            g.writeStringField("id", m.id());
            g.writeNumberField("seq", m.seq());
            g.writeStringField("sender", name.apply(m.senderId()));
            g.writeStringField("reply_to", m.replyTo());
            g.writeStringField("author_kind", m.authorKind());
            g.writeStringField("created_at", m.createdAt());
            if (includeText) {
                g.writeStringField("text", m.text() == null ? "" : m.text());
            }
            g.writeEndObject();
            g.writeArrayFieldStart("members");
            for (String member : members) {
                g.writeString(member);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static Map<String, Object> other(Fact f, UnaryOperator<String> name) {
        JsonNode d = f.data();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("conversation_id", f.conversationId());
        switch (f.type()) {
            case EventTypes.CONVERSATION_CREATED -> {
                JsonNode c = d.path("conversation");
                body.put("kind", c.path("kind").asText(null));
                body.put("title", c.path("title").asText(null));
                List<String> all = new ArrayList<>();
                c.path("members").forEach(m -> all.add(m.path("id").asText(null)));
                body.put("members", names(all, name));
            }
            case EventTypes.MEMBER_ADDED -> {
                List<String> added = new ArrayList<>();
                d.path("account_ids").forEach(a -> added.add(a.asText(null)));
                body.put("added", names(added, name));
                body.put("by", name.apply(d.path("by").asText(null)));
            }
            case EventTypes.MEMBER_REMOVED -> {
                body.put("removed", name.apply(d.path("account_id").asText(null)));
                body.put("by", name.apply(d.path("by").asText(null)));
            }
            case EventTypes.REQUEST_ACCEPTED -> body.put("accepted_by", name.apply(d.path("account_id").asText(null)));
            default -> throw new IllegalStateException(f.type());
        }
        return body;
    }

    private static List<String> names(List<String> accountIds, UnaryOperator<String> name) {
        return accountIds.stream().map(name).filter(Objects::nonNull).distinct().toList();
    }

    private static JsonNode parse(String data) {
        return Json.read(data == null ? "{}" : data);
    }
}
