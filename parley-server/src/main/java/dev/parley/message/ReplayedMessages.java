package dev.parley.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.event.Event;
import dev.parley.event.EventTypes;
import dev.parley.event.Replay;
import dev.parley.http.Json;
import dev.parley.media.AttachmentView;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Messages in replayed events as history shows them now: an event is stored as the message was
 * when it was sent, and a replay (sync from an old token or from 0 on a new device, the stream's
 * catch-up, another node's delivery, bots) must not bring back what has gone since. So each page
 * of events, before anyone reads it:
 * <ul>
 *   <li>a message now deleted (unsent, removed by a moderator, erased, expired) is rendered as
 *       history renders it ({@link MessageViews#gone}): no text, files or reactions, and
 *       {@code removed_by} where a moderator removed it, wherever an event carries it;</li>
 *   <li>a message edited since carries its current text and {@code edited_at}, so no text from
 *       before an edit replays (unless the edit was shadowed: others never had it, and keep what
 *       they had; or the viewer may not read the message now, having left, been removed or
 *       declined, or joined after it: an edit they were not there for must not reach them, so they
 *       keep the text their event stored);</li>
 *   <li>a file of someone on the other side of a block that stands now (either way) comes without
 *       links ({@link AttachmentView#unavailable}), as history gives it.</li>
 * </ul>
 *
 * @implNote Read-time, so a send writes nothing more. The messages are found by the events'
 * {@code (conversation_id, seq)} columns ({@code message.created}, {@code message.edited}),
 * without parsing, and in the JSON of any other event that carries one (a business's
 * {@code inbox.updated} and its last message); one read per page then returns only those deleted
 * or edited ({@link MessageStore#changedAmong}), usually none, and only the events that carry one
 * of those are parsed and written again. A page with no message reads nothing; a viewer with no
 * block parses nothing for files (the graph caches blocks).
 */
final class ReplayedMessages implements Replay {
    private final MessageStore store;
    private final MessageViews views;

    ReplayedMessages(MessageStore store, MessageViews views) {
        this.store = store;
        this.views = views;
    }

    @Override
    public List<Event> asNow(Handle h, String viewerId, List<Event> page) {
        Set<MessageIds.Key> keys = new LinkedHashSet<>();
        JsonNode[] trees = new JsonNode[page.size()];
        boolean blocks = views.anyBlocks(viewerId);
        for (int i = 0; i < page.size(); i++) {
            Event e = page.get(i);
            MessageIds.Key key = keyOf(e);
            if (key != null) {
                keys.add(key);
                if (blocks && e.data().contains("\"attachments\"")) {
                    trees[i] = Json.read(e.data());
                }
            } else if (!EventTypes.MESSAGE_DELETED.equals(e.type()) && e.data().contains("\"sender_id\"")) {
                trees[i] = Json.read(e.data()); // another event carrying a message (an inbox item's last one)
                collect(trees[i], keys);
            }
        }
        if (keys.isEmpty()) {
            return page;
        }
        Now now = new Now(h, viewerId, store.changedAmong(h, keys, viewerId), blocks);
        List<Event> out = null;
        for (int i = 0; i < page.size(); i++) {
            Event e = page.get(i);
            MessageIds.Key key = keyOf(e);
            MessageStore.Current current = key == null ? null : now.changed.get(key);
            if (trees[i] == null && current == null) {
                continue; // as it was sent: the common case, left as stored
            }
            String data;
            if (trees[i] == null && current.message().deleted()) {
                // {"message": …} is all such an event holds: rendered anew, with nothing of it to read.
                data = "{\"message\":" + Json.write(now.gone(current)) + "}";
            } else {
                JsonNode tree = trees[i] != null ? trees[i] : Json.read(e.data());
                data = now.rewrite(tree) ? Json.write(tree) : null;
            }
            if (data != null) {
                out = out == null ? new ArrayList<>(page) : out;
                out.set(i, new Event(e.accountId(), e.token(), e.type(), e.conversationId(), e.seq(), e.at(), data));
            }
        }
        return out == null ? page : out;
    }

    /** The message an event names by its columns: {@code message.created} and {@code message.edited} carry it whole. */
    private static MessageIds.Key keyOf(Event e) {
        boolean carries = EventTypes.MESSAGE_CREATED.equals(e.type()) || EventTypes.MESSAGE_EDITED.equals(e.type());
        return carries && e.conversationId() != null && e.seq() != null
                ? new MessageIds.Key(e.conversationId(), e.seq()) : null;
    }

    /** A message as events carry it: a {@link MessageView}'s conversation, seq, sender and text. */
    private static boolean isMessage(JsonNode n) {
        return n.isObject() && n.path("conversation_id").isTextual() && n.path("seq").isIntegralNumber()
                && n.path("sender_id").isTextual() && n.has("text");
    }

    private static MessageIds.Key keyOf(JsonNode message) {
        return new MessageIds.Key(message.get("conversation_id").asText(), message.get("seq").asLong());
    }

    private static void collect(JsonNode node, Set<MessageIds.Key> into) {
        if (isMessage(node)) {
            into.add(keyOf(node));
            return;
        }
        for (JsonNode child : node) {
            collect(child, into);
        }
    }

    /** One page's look at the messages as they are now, for one viewer. */
    private final class Now {
        private final Handle h;
        private final String viewerId;
        private final Map<MessageIds.Key, MessageStore.Current> changed;
        private final boolean blocks;
        private List<String> words;

        Now(Handle h, String viewerId, Map<MessageIds.Key, MessageStore.Current> changed, boolean blocks) {
            this.h = h;
            this.viewerId = viewerId;
            this.changed = changed;
            this.blocks = blocks;
        }

        /** A message that is gone, as history renders it for the viewer. */
        MessageView gone(MessageStore.Current current) {
            return views.gone(current.message(), current.moderated(), current.agentName(), viewerId);
        }

        /** Rewrites each message in the event's JSON as it reads now; true if any changed. */
        boolean rewrite(JsonNode node) {
            if (!isMessage(node)) {
                boolean any = false;
                for (JsonNode child : node) {
                    any |= rewrite(child);
                }
                return any;
            }
            ObjectNode o = (ObjectNode) node;
            MessageStore.Current current = changed.get(keyOf(o));
            if (current != null && current.message().deleted()) {
                o.removeAll();
                o.setAll((ObjectNode) Json.MAPPER.valueToTree(gone(current)));
                return true;
            }
            String senderId = o.get("sender_id").asText();
            boolean any = false;
            if (current != null && current.seenNow() && (!current.shadowed() || senderId.equals(viewerId))) {
                edited(o, current.message());
                any = true;
            }
            if (blocks && o.path("attachments").size() > 0 && views.cutOff(viewerId, senderId)) {
                unavailable((ArrayNode) o.get("attachments"));
                any = true;
            }
            return any;
        }

        /** The current text and edit time, folded again (or not) for the viewer's hidden words as history does. */
        private void edited(ObjectNode o, Message m) {
            o.put("text", m.text());
            o.set("edited_at", Json.MAPPER.valueToTree(m.editedAt()));
            if (!m.senderId().equals(viewerId)) {
                if (words == null) {
                    words = views.hiddenWordsOf(h, viewerId);
                }
                if (MessageViews.hides(words, viewerId, m.senderId(), m.deleted(), m.text())) {
                    o.put("hidden", true);
                } else {
                    o.remove("hidden");
                }
            }
        }
    }

    /** A file without links, as history gives it across a block. */
    private static void unavailable(ArrayNode files) {
        for (int i = 0; i < files.size(); i++) {
            try {
                AttachmentView file = Json.MAPPER.treeToValue(files.get(i), AttachmentView.class);
                files.set(i, Json.MAPPER.valueToTree(file.unavailable()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a stored attachment did not read back", e);
            }
        }
    }
}
