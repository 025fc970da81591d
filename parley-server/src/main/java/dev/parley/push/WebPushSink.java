package dev.parley.push;

import dev.parley.http.Json;
import dev.parley.notify.NotificationNeeded;
import dev.parley.notify.NotificationSink;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns each notification verdict into one queued Web Push per Web Push device of the person, and
 * wakes the sender. What the browser will show is decided here: the sender and the text when the
 * person lets text show (never for a message request), else a neutral line.
 */
public final class WebPushSink implements NotificationSink {
    /** What a notification shows at most of a message's text; the rest is for the app. */
    static final int MAX_TEXT = 300;

    /** What the sink reads of messages and accounts. */
    public interface Content {
        /** The message's text as {@code viewerId} sees it; empty if they may not see it or it was unsent. */
        Optional<String> text(String viewerId, String messageId);

        String displayName(String accountId);
    }

    private final DeviceStore devices;
    private final PushOutbox outbox;
    private final Content content;
    private final Runnable wake;
    private final Clock clock;

    WebPushSink(DeviceStore devices, PushOutbox outbox, Content content, Runnable wake, Clock clock) {
        this.devices = devices;
        this.outbox = outbox;
        this.content = content;
        this.wake = wake;
        this.clock = clock;
    }

    @Override
    public void notificationNeeded(NotificationNeeded v) {
        List<Device> web = devices.ofAccount(v.accountId(), Device.WEBPUSH);
        if (web.isEmpty()) {
            return;
        }
        // Read as the recipient (an agent reads as the business): a message they may not see (removed,
        // blocked meanwhile) is never pushed.
        Optional<String> text = content.text(v.actingFor() != null ? v.actingFor() : v.accountId(), v.messageId());
        if (text.isEmpty()) {
            return;
        }
        boolean request = NotificationNeeded.REQUEST.equals(v.kind());
        String payload = Json.write(v.actingFor() != null ? agentPayload(v, text.get()) : payload(v, request, text.get()));
        String urgency = request ? "normal" : "high";
        outbox.enqueue(web.stream().map(d -> new PushOutbox.Push(d.id(), v.messageId(), v.conversationId(), payload,
                urgency)).toList(), v.at() == null ? clock.instant() : v.at(), clock.instant());
        wake.run();
    }

    private Map<String, Object> payload(NotificationNeeded v, boolean request, String text) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("kind", request ? NotificationNeeded.REQUEST : NotificationNeeded.MESSAGE);
        p.put("conversation_id", v.conversationId());
        p.put("message_id", v.messageId());
        if (request) {
            // A request from a stranger shows neither their words nor their name on a lock screen.
            p.put("body", "New message request");
        } else {
            String name = content.displayName(v.senderId());
            p.put("sender_id", v.senderId());
            p.put("sender_name", name);
            if (v.showText()) {
                p.put("text", shorten(text));
                p.put("body", shorten(text));
            } else {
                p.put("body", "New message from " + name);
            }
        }
        p.put("unread", v.unread());
        p.put("total_unread", v.totalUnread());
        return p;
    }

    /**
     * An agent's push names the business, and carries {@code acting_as} so a click opens the
     * conversation acting for it: "New conversation for you at Harbour Outfitters" (from whom), or
     * "Ann at Harbour Outfitters" with the customer's text (or a neutral line).
     */
    private Map<String, Object> agentPayload(NotificationNeeded v, String text) {
        String business = content.displayName(v.actingFor());
        String customer = content.displayName(v.senderId());
        boolean assigned = NotificationNeeded.ASSIGNED.equals(v.kind());
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("kind", v.kind());
        p.put("conversation_id", v.conversationId());
        p.put("message_id", v.messageId());
        p.put("acting_as", v.actingFor());
        p.put("business_name", business);
        p.put("sender_id", v.senderId());
        p.put("sender_name", customer);
        p.put("title", assigned ? "New conversation for you at " + business : customer + " at " + business);
        if (v.showText()) {
            p.put("text", shorten(text));
        }
        p.put("body", assigned ? "From " + customer : v.showText() ? shorten(text) : "New message from " + customer);
        p.put("unread", v.unread());
        p.put("total_unread", v.totalUnread());
        return p;
    }

    /** At most {@link #MAX_TEXT} code points, cut between characters, never inside a surrogate pair. */
    static String shorten(String text) {
        if (text.codePointCount(0, text.length()) <= MAX_TEXT) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, MAX_TEXT - 1)) + "…";
    }
}
