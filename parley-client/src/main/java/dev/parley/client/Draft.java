package dev.parley.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A message to send, with the {@code client_id} that makes sending it idempotent. Keep the draft
 * and send it again after a failure: the server answers the first message instead of storing a
 * second one. {@link #of(String)} picks a random UUID.
 *
 * @param clientId 1–64 characters, unique per sender
 * @param text     1–10,000 characters; may be empty when there are attachments
 * @param replyTo  the id of a message of the same conversation, or null
 * @param attachments upload ids ({@link ActingClient#upload}), at most ten; a message request is text only
 */
public record Draft(String clientId, String text, String replyTo,
                    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> attachments) {
    public Draft {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(text, "text");
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    public Draft(String clientId, String text, String replyTo) {
        this(clientId, text, replyTo, List.of());
    }

    /** Files with no text: a photo, a voice note. */
    public static Draft ofFiles(Upload... uploads) {
        return of("").withAttachments(uploads);
    }

    /** The same draft with these uploads attached (replacing any it had). */
    public Draft withAttachments(Upload... uploads) {
        return new Draft(clientId, text, replyTo, java.util.Arrays.stream(uploads).map(Upload::id).toList());
    }

    public static Draft of(String text) {
        return new Draft(UUID.randomUUID().toString(), text, null);
    }

    public static Draft replyTo(String messageId, String text) {
        return new Draft(UUID.randomUUID().toString(), text, Objects.requireNonNull(messageId, "messageId"));
    }

    public Draft withClientId(String id) {
        return new Draft(id, text, replyTo, attachments);
    }
}
