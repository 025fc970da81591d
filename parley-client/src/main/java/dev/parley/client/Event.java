package dev.parley.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/**
 * One entry of an account's event log, from sync or the stream. Apply events in the order they
 * come and remember the last {@link #token()}: syncing or reconnecting from it misses none and
 * repeats none.
 *
 * @param token          opaque; pass it back as {@code since}
 * @param type           one of the constants here (more may come: ignore the ones you don't know)
 * @param conversationId the conversation it concerns, or null
 * @param seq            the message's seq for message and reaction events, the read pointer for
 *                       {@code read.updated}; else null
 * @param data           the event's payload; for {@code message.*} events {@code {"message": …}}
 */
public record Event(String token, String type, String conversationId, Long seq, Instant at, JsonNode data) {
    public static final String MESSAGE_CREATED = "message.created";
    public static final String MESSAGE_EDITED = "message.edited";
    public static final String MESSAGE_DELETED = "message.deleted";
    public static final String REACTION_CHANGED = "reaction.changed";
    public static final String READ_UPDATED = "read.updated";
    public static final String CONVERSATION_CREATED = "conversation.created";
    public static final String CONVERSATION_UPDATED = "conversation.updated";
    public static final String MEMBER_ADDED = "member.added";
    public static final String MEMBER_REMOVED = "member.removed";
    public static final String REQUEST_CREATED = "request.created";
    public static final String REQUEST_ACCEPTED = "request.accepted";
    public static final String REQUEST_DECLINED = "request.declined";
    /** A business's inbox changed (status, assignee, labels); on the business's own feed only. */
    public static final String INBOX_UPDATED = "inbox.updated";
    /** An agent wrote an internal note; on the business's own feed only, never a customer's. */
    public static final String NOTE_CREATED = "note.created";
    /** The caller was invited to a business's team; on the invitee's own feed: {@code {invitation}}. */
    public static final String INVITATION_CREATED = "invitation.created";
    /** An invitation ended (accepted, declined or withdrawn); on the invitee's own feed: {@code {id, outcome}}. */
    public static final String INVITATION_CLOSED = "invitation.closed";

    /** The message of a {@code message.*} event. */
    public Optional<Message> message() {
        return decode("message", Message.class);
    }

    /** The conversation of a {@code conversation.created} event. */
    public Optional<Conversation> conversation() {
        return decode("conversation", Conversation.class);
    }

    private <T> Optional<T> decode(String field, Class<T> type) {
        JsonNode v = data == null ? null : data.get(field);
        if (v == null || !v.isObject()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ClientJson.MAPPER.treeToValue(v, type));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + token + " holds a " + field + " this client cannot read", e);
        }
    }
}
