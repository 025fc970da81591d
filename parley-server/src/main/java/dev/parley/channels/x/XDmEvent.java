package dev.parley.channels.x;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.channels.Inbound;
import dev.parley.channels.Inbound.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One v2 DM event ({@code dm_events}): MessageCreate is a message (or an echo when the business
 * sent it), ParticipantsJoin and ParticipantsLeave (group conversations, which a business inbox
 * does not run) are unsupported. Media come by {@code attachments.media_keys} from
 * {@code includes.media}; a shared post by {@code referenced_tweets}, given as a link.
 */
final class XDmEvent {
    private XDmEvent() {}

    static Optional<Inbound> read(String account, JsonNode e, XMediaRefs media, Instant at) {
        String id = XDeliveries.text(e, "id");
        String type = XDeliveries.text(e, "event_type");
        String sender = XDeliveries.text(e, "sender_id");
        boolean echo = account.equals(sender);
        String contact = echo || sender == null ? counterpart(account, e) : sender;
        if (id == null) {
            throw new IllegalArgumentException("a DM event without its id");
        }
        if (contact == null) {
            return Optional.empty(); // No one to show it to.
        }
        if (!"MessageCreate".equals(type)) {
            return Optional.of(XDeliveries.unsupported(account, contact, id, at, "X event " + type));
        }
        List<Inbound.Attachment> files = new ArrayList<>();
        for (JsonNode key : e.path("attachments").path("media_keys")) {
            Inbound.Attachment a = media.byKey(key.asText());
            if (a != null) {
                files.add(a);
            }
        }
        for (JsonNode ref : e.path("referenced_tweets")) {
            String tweet = XDeliveries.text(ref, "id");
            if (tweet != null) {
                files.add(new Inbound.Attachment("link", "https://x.com/i/web/status/" + tweet, null));
            }
        }
        String text = XDeliveries.text(e, "text");
        return Optional.of(new Inbound(echo ? Kind.ECHO : Kind.MESSAGE, account, contact, id, at,
                text == null || text.isBlank() ? null : text, List.copyOf(files), null, null, null));
    }

    /** The person on the other side: from {@code participant_ids}, else the one-to-one conversation id. */
    private static String counterpart(String account, JsonNode e) {
        for (JsonNode p : e.path("participant_ids")) {
            if (!p.asText().equals(account)) {
                return p.asText();
            }
        }
        return XDeliveries.otherParticipant(XDeliveries.text(e, "dm_conversation_id"), account);
    }
}
