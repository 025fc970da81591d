package dev.parley.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.parley.media.AttachmentView;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A message as a member sees it. {@code reactions} maps each emoji to its count and whether the
 * viewer is among those who reacted with it. An unsent message keeps its place with empty text.
 *
 * <p>{@code agent_id} and {@code agent_name} name the person who wrote a business's message. They
 * are present only in the business's own view (its agents'): to everyone else the business is the
 * sender, and the fields are absent, not null.
 *
 * <p>{@code attachments} (absent when there are none) lists the files sent with it, with signed
 * links; an unsent message has none. {@code removed_by} is {@code moderation} on a message a
 * moderator removed, and absent otherwise. {@code hidden} is true, in one viewer's view only, on a
 * message holding one of the viewer's hidden words when they apply them everywhere (the client shows
 * it folded, tap to show); absent otherwise. {@code system} (a line whose {@code author_kind} is
 * {@code system}, such as "Ann added Bob") is its machine-readable body, {@code event}, {@code actor},
 * {@code target} and {@code title}, so a client words it itself; {@code text} is a plain fallback.
 * It is absent on every other message. {@code quick_replies} are the questions a {@code bot} message
 * offers as buttons (the FAQ bot's starter questions, {@link QuickReplies}); absent on every other message.
 */
public record MessageView(String id, String conversationId, long seq, String senderId, String clientId,
                          String text, String replyTo, Instant createdAt, Instant editedAt, boolean deleted,
                          Map<String, Reaction> reactions, AuthorKind authorKind,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String agentId,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String agentName,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) List<AttachmentView> attachments,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String removedBy,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Boolean hidden,
                          @JsonInclude(JsonInclude.Include.NON_NULL) @JsonRawValue String system,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> quickReplies) {

    /** {@code removed_by} of a message a moderator removed (absent otherwise). */
    public static final String MODERATION = "moderation";

    public record Reaction(long count, boolean mine) {}

    /** The view every member shares: no agent. */
    public static MessageView of(Message m, Map<String, Reaction> reactions) {
        return new MessageView(m.id(), m.conversationId(), m.seq(), m.senderId(), m.clientId(),
                m.deleted() ? "" : m.text(), m.replyTo(), m.createdAt(), m.editedAt(), m.deleted(),
                m.deleted() ? Map.of() : reactions, m.authorKind(), null, null, List.of(), null, null, m.system(),
                QuickReplies.of(m.authorKind(), m.deleted(), m.text()));
    }

    /** The same view, naming the agent who wrote it: for the sending business's agents only. */
    public MessageView withAgent(String agentId, String agentName) {
        return new MessageView(id, conversationId, seq, senderId, clientId, text, replyTo, createdAt, editedAt,
                deleted, reactions, authorKind, agentId, agentName, attachments, removedBy, hidden, system,
                quickReplies);
    }

    /** The same view with its attachments (none on an unsent message). */
    public MessageView withAttachments(List<AttachmentView> files) {
        return new MessageView(id, conversationId, seq, senderId, clientId, text, replyTo, createdAt, editedAt,
                deleted, reactions, authorKind, agentId, agentName, deleted ? List.of() : List.copyOf(files),
                removedBy, hidden, system,
                quickReplies);
    }

    /** The same view with another fallback text (a system line worded for one viewer). */
    public MessageView withText(String text) {
        return new MessageView(id, conversationId, seq, senderId, clientId, text, replyTo, createdAt, editedAt,
                deleted, reactions, authorKind, agentId, agentName, attachments, removedBy, hidden, system,
                quickReplies);
    }

    /** The same view of a message a moderator removed. */
    public MessageView removedByModeration() {
        return new MessageView(id, conversationId, seq, senderId, clientId, text, replyTo, createdAt, editedAt,
                deleted, reactions, authorKind, agentId, agentName, attachments, MODERATION, hidden, system,
                quickReplies);
    }

    /** The same view, folded for a viewer whose hidden words it holds. */
    public MessageView hiddenForViewer() {
        return new MessageView(id, conversationId, seq, senderId, clientId, text, replyTo, createdAt, editedAt,
                deleted, reactions, authorKind, agentId, agentName, attachments, removedBy, true, system, quickReplies);
    }
}
