package dev.parley.message;

import java.time.Instant;
import java.util.Optional;

/**
 * A message as stored. Its public id is derived from (conversation, seq): see {@link MessageIds}.
 *
 * @param agentId   the person who wrote it for a business; shown to the business's agents only
 * @param automated written by automation (a bot, an automatic reply, an integration), not a person:
 *                  a business's response figures count only replies people wrote
 */
public record Message(String conversationId, long seq, String senderId, String agentId, String clientId,
                      String text, String replyTo, Instant createdAt, Instant editedAt, boolean deleted,
                      boolean automated) {

    public String id() {
        return MessageIds.of(conversationId, seq);
    }

    public Optional<Instant> edited() {
        return Optional.ofNullable(editedAt);
    }
}
