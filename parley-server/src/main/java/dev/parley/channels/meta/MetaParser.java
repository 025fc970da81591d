package dev.parley.channels.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.channels.Inbound;
import dev.parley.channels.Inbound.Kind;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Meta's webhook deliveries (Messenger: {@code object: page}; Instagram: {@code object: instagram})
 * as Parley's events, one per {@code entry[].messaging[]} item, in order. Delivery receipts and
 * {@code changes} (comments, mentions in posts) are not messages and yield nothing.
 */
final class MetaParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Older reactions name the reaction without its emoji. */
    private static final Map<String, String> REACTIONS = Map.of("love", "❤️", "like", "👍", "smile", "😆",
            "haha", "😆", "wow", "😮", "sad", "😢", "angry", "😠", "dislike", "👎");

    private MetaParser() {}

    static List<Inbound> parse(byte[] raw, String object) {
        JsonNode root;
        try {
            root = JSON.readTree(raw);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (root == null || !root.isObject() || !object.equals(root.path("object").asText())) {
            throw new IllegalArgumentException("not an '" + object + "' delivery");
        }
        List<Inbound> out = new ArrayList<>();
        for (JsonNode entry : root.path("entry")) {
            String account = entry.path("id").asText(null);
            for (JsonNode m : entry.path("messaging")) {
                Inbound e = event(account, m);
                if (e != null) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    private static Inbound event(String account, JsonNode m) {
        String sender = m.path("sender").path("id").asText(null);
        String recipient = m.path("recipient").path("id").asText(null);
        Instant at = m.has("timestamp") ? Instant.ofEpochMilli(m.path("timestamp").asLong()) : null;
        if (account == null) {
            account = recipient;
        }
        if (sender == null || sender.isBlank()) {
            // No one to hold a conversation with: a checkbox opt-in names a user_ref, and a malformed
            // event a bare string. Kept, it failed as a contact without an id and held the Page's
            // later deliveries behind its retries.
            return null;
        }
        if (m.has("message")) {
            return message(account, sender, recipient, at, m.path("message"));
        }
        if (m.has("reaction")) {
            JsonNode r = m.path("reaction");
            String emoji = "react".equals(r.path("action").asText()) ? emoji(r) : null;
            return new Inbound(Kind.REACTION, account, sender, text(r, "mid"), at, null, List.of(), null, emoji, null);
        }
        if (m.has("read")) {
            JsonNode r = m.path("read");
            Instant when = r.has("watermark") ? Instant.ofEpochMilli(r.path("watermark").asLong()) : at;
            return new Inbound(Kind.READ, account, sender, text(r, "mid"), when, null, List.of(), null, null, null);
        }
        if (m.has("postback")) {
            JsonNode p = m.path("postback");
            return new Inbound(Kind.POSTBACK, account, sender, text(p, "mid"), at, text(p, "title"), List.of(), null,
                    null, text(p, "payload"));
        }
        if (m.has("delivery")) {
            return null; // a delivery receipt: not a message, and the thread has no use for it
        }
        String what = m.fieldNames().hasNext() ? String.join(",", fields(m)) : "event";
        return new Inbound(Kind.UNSUPPORTED, account, sender, null, at, null, List.of(), null, null, what);
    }

    private static Inbound message(String account, String sender, String recipient, Instant at, JsonNode msg) {
        String mid = text(msg, "mid");
        String text = text(msg, "text");
        List<Inbound.Attachment> files = attachments(msg.path("attachments"));
        String replyTo = text(msg.path("reply_to"), "mid");
        if (msg.path("is_echo").asBoolean(false)) {
            String app = msg.has("app_id") ? msg.path("app_id").asText() : null;
            return new Inbound(Kind.ECHO, account, recipient, mid, at, text, files, replyTo, null, app);
        }
        if (msg.path("is_deleted").asBoolean(false)) {
            return new Inbound(Kind.DELETION, account, sender, mid, at, null, List.of(), null, null, null);
        }
        if (msg.path("is_unsupported").asBoolean(false)) {
            return new Inbound(Kind.UNSUPPORTED, account, sender, mid, at, null, List.of(), null, null, "message");
        }
        JsonNode story = msg.path("reply_to").path("story");
        if (story.isObject()) {
            return new Inbound(Kind.STORY_REPLY, account, sender, mid, at, text, files, null, null, text(story, "url"));
        }
        for (Inbound.Attachment a : files) {
            if ("story_mention".equals(a.type())) {
                return new Inbound(Kind.STORY_MENTION, account, sender, mid, at, null, List.of(), null, null, a.url());
            }
        }
        if (msg.has("quick_reply")) {
            return new Inbound(Kind.QUICK_REPLY, account, sender, mid, at, text, files, replyTo, null,
                    text(msg.path("quick_reply"), "payload"));
        }
        return new Inbound(Kind.MESSAGE, account, sender, mid, at, text, files, replyTo, null, null);
    }

    private static List<Inbound.Attachment> attachments(JsonNode list) {
        List<Inbound.Attachment> out = new ArrayList<>();
        for (JsonNode a : list) {
            JsonNode p = a.path("payload");
            String url = text(p, "url");
            out.add(new Inbound.Attachment(a.path("type").asText("file"), url,
                    text(p, "title") != null ? text(p, "title") : text(a, "title")));
        }
        return out;
    }

    private static String emoji(JsonNode r) {
        String emoji = text(r, "emoji");
        return emoji != null ? emoji : REACTIONS.get(r.path("reaction").asText(""));
    }

    private static List<String> fields(JsonNode m) {
        List<String> names = new ArrayList<>();
        m.fieldNames().forEachRemaining(n -> {
            if (!n.equals("sender") && !n.equals("recipient") && !n.equals("timestamp")) {
                names.add(n);
            }
        });
        return names;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }
}
