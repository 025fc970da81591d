package dev.parley.message;

import java.time.Instant;
import java.util.Map;

/**
 * A message as a member sees it. {@code reactions} maps each emoji to its count and whether the
 * viewer is among those who reacted with it. An unsent message keeps its place with empty text.
 */
public record MessageView(String id, String conversationId, long seq, String senderId, String clientId,
                          String text, String replyTo, Instant createdAt, Instant editedAt, boolean deleted,
                          Map<String, Reaction> reactions) {

    public record Reaction(long count, boolean mine) {}

    public static MessageView of(Message m, Map<String, Reaction> reactions) {
        return new MessageView(m.id(), m.conversationId(), m.seq(), m.senderId(), m.clientId(),
                m.deleted() ? "" : m.text(), m.replyTo(), m.createdAt(), m.editedAt(), m.deleted(),
                m.deleted() ? Map.of() : reactions);
    }
}
