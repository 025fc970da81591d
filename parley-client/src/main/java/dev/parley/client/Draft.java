package dev.parley.client;

import java.util.Objects;
import java.util.UUID;

/**
 * A message to send, with the {@code client_id} that makes sending it idempotent. Keep the draft
 * and send it again after a failure: the server answers the first message instead of storing a
 * second one. {@link #of(String)} picks a random UUID.
 *
 * @param clientId 1–64 characters, unique per sender
 * @param text     1–10,000 characters
 * @param replyTo  the id of a message of the same conversation, or null
 */
public record Draft(String clientId, String text, String replyTo) {
    public Draft {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(text, "text");
    }

    public static Draft of(String text) {
        return new Draft(UUID.randomUUID().toString(), text, null);
    }

    public static Draft replyTo(String messageId, String text) {
        return new Draft(UUID.randomUUID().toString(), text, Objects.requireNonNull(messageId, "messageId"));
    }

    public Draft withClientId(String id) {
        return new Draft(id, text, replyTo);
    }
}
