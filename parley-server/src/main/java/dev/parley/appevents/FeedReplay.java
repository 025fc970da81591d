package dev.parley.appevents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.event.EventTypes;
import dev.parley.http.Json;
import dev.parley.message.MessageIds;
import dev.parley.message.MessageStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * A page of an app's feed with its messages as they read now. A {@code message.created} row is
 * stored as the message was sent and kept for days; an app that reads its feed late, starts a
 * webhook, or reads from its oldest event again must not get back a text the sender has since
 * unsent or edited away (nor one a moderator or an erasure removed), as sync and history never
 * give it back. So a message gone since is told with {@code "deleted": true} and an empty text
 * (as history shows it), and one edited since with its current text and {@code edited_at}.
 *
 * @implNote Read-time, as the members' own replay is (the message feature's {@code ReplayedMessages}):
 * a send writes nothing more and an unsend rewrites no feed row. One read of the page's changed
 * messages by primary key ({@link MessageStore#changedAmong}), usually answering none; a page
 * without {@code message.created} reads nothing. A webhook's transaction is built from a page once
 * and then sent as it is on every retry.
 */
final class FeedReplay {
    private final MessageStore messages;

    FeedReplay(MessageStore messages) {
        this.messages = messages;
    }

    List<AppEvent> asNow(Handle h, List<AppEvent> page) {
        Set<MessageIds.Key> keys = new LinkedHashSet<>();
        JsonNode[] bodies = new JsonNode[page.size()];
        for (int i = 0; i < page.size(); i++) {
            AppEvent e = page.get(i);
            if (EventTypes.MESSAGE_CREATED.equals(e.type())) {
                bodies[i] = Json.read(e.body());
                JsonNode m = bodies[i].path("message");
                keys.add(new MessageIds.Key(bodies[i].path("conversation_id").asText(), m.path("seq").asLong()));
            }
        }
        if (keys.isEmpty()) {
            return page;
        }
        Map<MessageIds.Key, MessageStore.Current> changed = messages.changedAmong(h, keys);
        if (changed.isEmpty()) {
            return page;
        }
        List<AppEvent> out = new ArrayList<>(page);
        for (int i = 0; i < page.size(); i++) {
            if (bodies[i] == null) {
                continue;
            }
            ObjectNode m = (ObjectNode) bodies[i].path("message");
            MessageStore.Current now = changed.get(
                    new MessageIds.Key(bodies[i].path("conversation_id").asText(), m.path("seq").asLong()));
            if (now != null && tell(m, now)) {
                AppEvent e = page.get(i);
                out.set(i, new AppEvent(e.id(), e.type(), e.at(), Json.write(bodies[i])));
            }
        }
        return out;
    }

    /** Writes what became of the message into its JSON; false when the app keeps what it had. */
    private static boolean tell(ObjectNode m, MessageStore.Current now) {
        if (now.message().deleted()) {
            if (m.has("text")) {
                m.put("text", ""); // as history renders a message gone
            }
            m.put("deleted", true);
            return true;
        }
        if (now.shadowed() || now.message().edited().isEmpty()) {
            return false; // a shadowed edit reached no one else, so the app keeps what the members have
        }
        if (m.has("text")) {
            m.put("text", now.message().text() == null ? "" : now.message().text());
        }
        m.put("edited_at", now.message().edited().get().toString());
        return true;
    }
}
