package dev.parley.message;

import java.time.Instant;
import java.util.Optional;

/**
 * A message as stored. Its public id is derived from (conversation, seq): see {@link MessageIds}.
 *
 * @param agentId   the person who wrote it for a business; shown to the business's agents only
 * @param authorKind who wrote it (a person, an agent, automation, a bot, the system), decided when it was sent
 * @param system     a system line's machine-readable body (JSON: event, actor, target, title), else null
 */
public record Message(String conversationId, long seq, String senderId, String agentId, String clientId,
                      String text, String replyTo, Instant createdAt, Instant editedAt, boolean deleted,
                      AuthorKind authorKind, String system) {

    /** Any message but a system line. */
    public Message(String conversationId, long seq, String senderId, String agentId, String clientId, String text,
                   String replyTo, Instant createdAt, Instant editedAt, boolean deleted, AuthorKind authorKind) {
        this(conversationId, seq, senderId, agentId, clientId, text, replyTo, createdAt, editedAt, deleted, authorKind,
                null);
    }

    /**
     * Written by automation (a bot, an automatic reply, an integration), not a person: a business's
     * response figures count only replies people wrote.
     */
    public boolean automated() {
        return authorKind.automated();
    }

    public String id() {
        return MessageIds.of(conversationId, seq);
    }

    public Optional<Instant> edited() {
        return Optional.ofNullable(editedAt);
    }
}
