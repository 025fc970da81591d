package dev.parley.channels;

import java.util.List;

/**
 * A reply to send to a customer on a network.
 *
 * @param contactExternalId the customer's id on the network
 * @param text              the text, or null when only attachments go
 * @param attachments       each served to the network by a short-lived signed URL (X: uploaded first)
 * @param byPerson          written by a person (an agent), not by automation or a bot: only a
 *                          person's reply may use Meta's HUMAN_AGENT tag
 * @param humanAgentTag     send with Meta's HUMAN_AGENT tag (the channel feature decides, from
 *                          the window and {@link ChannelAccount#humanAgentApproved()})
 */
public record Outbound(
        String contactExternalId,
        String text,
        List<File> attachments,
        boolean byPerson,
        boolean humanAgentTag) {

    /** What a sent reply is named when the network took it without naming it (never shown as the network's id). */
    static final String UNNAMED = "unnamed:";

    /** An attachment: its kind (image, audio, video, file), type, size and a URL the network can fetch. */
    public record File(String kind, String contentType, long bytes, String url, String name) {
    }

    /** A name of Parley's own for a message the network took without answering its id. */
    public static String unnamed() {
        return UNNAMED + java.util.UUID.randomUUID();
    }

    /** The network's id of a sent message, or null where it gave none. */
    static String networkId(String stored) {
        return stored == null || stored.startsWith(UNNAMED) ? null : stored;
    }
}
