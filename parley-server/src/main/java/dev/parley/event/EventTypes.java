package dev.parley.event;

/** The event types a client can receive; the names are part of the API. */
public final class EventTypes {
    private EventTypes() {}

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
    /** A business's inbox changed (status, assignee, labels, triage); on the business's own feed only. */
    public static final String INBOX_UPDATED = "inbox.updated";
    /** An agent wrote an internal note; on the business's own feed only, never a customer's. */
    public static final String NOTE_CREATED = "note.created";
    /** Someone was invited to a business's team; on the invitee's own feed: {@code {invitation}}. */
    public static final String INVITATION_CREATED = "invitation.created";
    /** An invitation ended (accepted, declined or withdrawn); on the invitee's own feed: {@code {id, outcome}}. */
    public static final String INVITATION_CLOSED = "invitation.closed";
}
