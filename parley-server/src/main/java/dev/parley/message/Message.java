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
     * Whether a send under this message's client_id with {@code text} is a retry of it: the words it was
     * sent with. Once it was edited or unsent, those words are known by the digest kept at the first
     * change ({@link FirstText}; looked up only then); a message changed before digests were kept (V228)
     * has none, and any send with its client_id is taken as a retry, as it was then.
     */
    boolean retriedBy(String sentText, java.util.function.Supplier<Optional<String>> firstTextDigest) {
        if (!deleted && editedAt == null) {
            return text.equals(sentText);
        }
        return firstTextDigest.get().map(d -> d.equals(FirstText.digest(sentText))).orElse(true);
    }

    public Optional<Instant> edited() {
        return Optional.ofNullable(editedAt);
    }
}
