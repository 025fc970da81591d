package dev.parley.channels.x;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.channels.Inbound;
import dev.parley.channels.Inbound.Kind;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads X's webhook deliveries into Parley's inbound events. Three shapes arrive:
 * <ul>
 *   <li>the Account Activity API's: {@code for_user_id} (the subscribed business account) beside
 *       {@code direct_message_events}, {@code direct_message_indicate_typing_events} or
 *       {@code direct_message_mark_read_events};</li>
 *   <li>the X Activity API's envelope: {@code data.filter.user_id}, {@code data.event_type}
 *       ({@code dm.received}, {@code dm.sent}, {@code dm.read}, {@code dm.indicate_typing},
 *       {@code chat.*}) and {@code data.payload}, which holds the same DM arrays;</li>
 *   <li>v2 DM events ({@code dm_events} with {@code event_type} MessageCreate, ParticipantsJoin,
 *       ParticipantsLeave) beside {@code for_user_id} and {@code includes.media}.</li>
 * </ul>
 * What the business's own account sent is an {@link Kind#ECHO} (the recipient is the contact), so
 * a reply sent from X's app shows once, as the business's; Parley's own sends come back the same
 * way and match by the {@code dm_event_id} the send answered.
 *
 * <p>Typing indicators give no event: they are not messages, and an "unsupported message" line in
 * the thread for every burst of typing would bury the conversation. Activity that is not a DM
 * (posts, follows, likes) gives none either: it belongs to no conversation.
 */
final class XDeliveries {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;

    XDeliveries(Clock clock) {
        this.clock = clock;
    }

    List<Inbound> parse(byte[] rawBody) {
        JsonNode root;
        try {
            root = JSON.readTree(rawBody);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("an X delivery is a JSON object");
        }
        List<Inbound> out = new ArrayList<>();
        JsonNode data = root.get("data");
        if (data != null && data.isObject() && data.has("event_type")) {
            activityEnvelope(data, out);
        } else if (hasDmArrays(root)) {
            dmArrays(root, required(text(root, "for_user_id"), "for_user_id"), out);
        }
        return out;
    }

    /** The X Activity API: one event per delivery, its subject in {@code filter.user_id}. */
    private void activityEnvelope(JsonNode data, List<Inbound> out) {
        String type = text(data, "event_type");
        if (type == null || !(type.startsWith("dm.") || type.startsWith("chat."))) {
            return;
        }
        String account = required(text(data.path("filter"), "user_id"), "data.filter.user_id");
        JsonNode payload = data.path("payload");
        if (type.startsWith("chat.")) {
            encryptedChat(account, type, payload, out);
        } else if (type.equals("dm.read") && !hasDmArrays(payload)) {
            // X's payload page shows no dm.read body: a bare receipt is read with the classic fields.
            readReceipt(account, payload, out);
        } else {
            dmArrays(payload, account, out);
        }
    }

    private static boolean hasDmArrays(JsonNode n) {
        return n.has("direct_message_events") || n.has("direct_message_mark_read_events")
                || n.has("direct_message_indicate_typing_events") || n.has("dm_events");
    }

    private void dmArrays(JsonNode n, String account, List<Inbound> out) {
        for (JsonNode e : n.path("direct_message_events")) {
            classic(account, e).ifPresent(out::add);
        }
        for (JsonNode e : n.path("direct_message_mark_read_events")) {
            readReceipt(account, e, out);
        }
        XMediaRefs media = XMediaRefs.of(n.path("includes").path("media"));
        for (JsonNode e : n.path("dm_events")) {
            XDmEvent.read(account, e, media, at(e)).ifPresent(out::add);
        }
    }

    private void readReceipt(String account, JsonNode e, List<Inbound> out) {
        String reader = text(e, "sender_id");
        // The business reading in X's own app is not the customer reading the business.
        if (reader != null && !reader.equals(account)) {
            out.add(new Inbound(Kind.READ, account, reader, text(e, "last_read_event_id"),
                    millis(e.get("created_timestamp")), null, List.of(), null, null, null));
        }
    }

    /** One Account Activity {@code direct_message_events} entry; empty when it names no one to show it to. */
    private Optional<Inbound> classic(String account, JsonNode e) {
        String id = text(e, "id");
        Instant at = millis(e.get("created_timestamp"));
        JsonNode create = e.path("message_create");
        String sender = text(create, "sender_id");
        String recipient = text(create.path("target"), "recipient_id");
        boolean echo = account.equals(sender);
        String contact = echo ? recipient : sender;
        boolean message = "message_create".equals(text(e, "type"));
        if (contact == null || id == null) {
            if (message) {
                throw new IllegalArgumentException("a message_create without its id, sender or recipient");
            }
            return Optional.empty();
        }
        if (!message) {
            return Optional.of(unsupported(account, contact, id, at, "X event " + text(e, "type")));
        }
        JsonNode data = create.path("message_data");
        List<Inbound.Attachment> files = XMediaRefs.classicAttachment(data.path("attachment"));
        String text = XText.expanded(data);
        JsonNode quick = data.get("quick_reply_response");
        if (!echo && quick != null && quick.isObject()) {
            return Optional.of(new Inbound(Kind.QUICK_REPLY, account, contact, id, at, text, files, null, null, text(quick, "metadata")));
        }
        return Optional.of(new Inbound(echo ? Kind.ECHO : Kind.MESSAGE, account, contact, id, at, text, files, null, null, null));
    }

    /**
     * X's end-to-end encrypted chat ({@code chat.received}, {@code chat.sent}): its content is
     * opaque to an app, so the thread says an unsupported message came rather than nothing.
     */
    private void encryptedChat(String account, String type, JsonNode payload, List<Inbound> out) {
        String sender = text(payload, "sender_id");
        String contact = account.equals(sender) ? otherParticipant(text(payload, "conversation_id"), account) : sender;
        if (contact == null || text(payload, "id") == null) {
            return;
        }
        JsonNode ms = payload.get("created_at_msec");
        out.add(unsupported(account, contact, text(payload, "id"), ms == null ? clock.instant() : millis(ms),
                "X encrypted chat (" + type + ")"));
    }

    /** The other member of a one-to-one conversation id ({@code a:b} in chat, {@code a-b} in DMs). */
    static String otherParticipant(String conversationId, String account) {
        if (conversationId == null || !(conversationId.contains(":") || conversationId.contains("-"))) {
            return null; // A group conversation's id names no person.
        }
        for (String part : conversationId.split("[:-]")) {
            if (!part.isEmpty() && !part.equals(account)) {
                return part;
            }
        }
        return null;
    }

    static Inbound unsupported(String account, String contact, String id, Instant at, String what) {
        return new Inbound(Kind.UNSUPPORTED, account, contact, id, at, null, List.of(), null, null, what);
    }

    private Instant at(JsonNode e) {
        String created = text(e, "created_at");
        if (created != null) {
            try {
                return Instant.parse(created);
            } catch (DateTimeParseException ex) {
                throw new IllegalArgumentException("created_at is not a time: " + created);
            }
        }
        return clock.instant();
    }

    private Instant millis(JsonNode n) {
        if (n == null || n.isNull()) {
            return clock.instant();
        }
        try {
            return Instant.ofEpochMilli(Long.parseLong(n.asText()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("created_timestamp is not epoch milliseconds: " + n.asText());
        }
    }

    /** Whether a string is an X id: ASCII digits only (so it is safe in a URL path as it stands). */
    static boolean isId(String s) {
        return s != null && !s.isEmpty() && s.length() <= 32 && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** A field's text (X sends ids as strings; numbers are read as their digits), or null. */
    static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    private static String required(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("an X delivery without " + field);
        }
        return value;
    }
}
