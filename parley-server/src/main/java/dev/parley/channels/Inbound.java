package dev.parley.channels;

import java.time.Instant;
import java.util.List;

/**
 * One event parsed from a network's delivery. Ids are the network's own, scoped to
 * {@code accountExternalId} (the business's Page, Instagram or X account).
 *
 * @param kind              what happened
 * @param accountExternalId the business's account the event belongs to
 * @param contactExternalId the customer's id on the network (for an echo: the recipient)
 * @param networkMessageId  the network's id of the message (for a reaction, read or deletion:
 *                          the message it refers to); the key that drops a repeated delivery
 * @param at                when the network says it happened
 * @param text              the text, or null
 * @param attachments       attachments, possibly empty
 * @param replyToNetworkId  the message this one replies to, or null
 * @param reaction          the emoji or reaction name for {@link Kind#REACTION}, null when removed
 * @param payload           a postback's or quick reply's payload, a story's URL, or an
 *                          unsupported event's description, an echo's sending app (Meta's
 *                          {@code app_id}, for {@link Connector#sentByParley})
 */
public record Inbound(
        Kind kind,
        String accountExternalId,
        String contactExternalId,
        String networkMessageId,
        Instant at,
        String text,
        List<Attachment> attachments,
        String replyToNetworkId,
        String reaction,
        String payload) {

    public enum Kind {
        /** A customer's message: text and/or attachments (shared posts and reels are links). */
        MESSAGE,
        /** A message the business sent from the network's own app (shown once, as the business's). */
        ECHO,
        REACTION,
        READ,
        POSTBACK,
        QUICK_REPLY,
        DELETION,
        STORY_REPLY,
        STORY_MENTION,
        UNSUPPORTED
    }

    /** An attachment as the network hands it: a URL the node may fetch (short-lived). */
    public record Attachment(String type, String url, String name) {
    }

    /** What a network tells of a person. Any part may be null. */
    public record Profile(String name, String username, String pictureUrl) {
    }
}
