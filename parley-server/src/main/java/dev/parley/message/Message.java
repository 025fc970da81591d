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

    /**
     * Whether a send under this message's client_id with {@code text} is a retry of it. Only the
     * text it holds now is stored: once it was edited or unsent, the words it was first sent with
     * are gone, so a retry is told by its client_id alone (another device's outbox may retry after
     * a quick edit, and must get the message, not a 409). A message never changed still tells a
     * client_id reused for other words.
     */
    boolean retriedBy(String sentText) {
        return deleted || editedAt != null || text.equals(sentText);
    }

    public Optional<Instant> edited() {
        return Optional.ofNullable(editedAt);
    }
}
