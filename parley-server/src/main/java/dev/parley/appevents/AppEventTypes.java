package dev.parley.appevents;

import java.util.List;

/** The event types of an app's feed and webhook; the names are part of the API. */
public final class AppEventTypes {
    private AppEventTypes() {}

    /** A message was sent; carries its text only when the app opted in ({@code include_text}). */
    public static final String MESSAGE_CREATED = "message.created";
    /** A conversation was opened (a direct one, or a group). */
    public static final String CONVERSATION_CREATED = "conversation.created";
    /** A message request was accepted (explicitly, or by replying to it). */
    public static final String REQUEST_ACCEPTED = "request.accepted";
    /** People were added to a group. */
    public static final String MEMBER_ADDED = "member.added";
    /** Someone left a group or was removed from it. */
    public static final String MEMBER_REMOVED = "member.removed";
    /** A user reported someone or something: published by the trust-and-safety feature through {@link AppEventPublisher#userReported}. */
    public static final String USER_REPORTED = "user.reported";
    /** An erasure of one of the app's users finished: published by the data-rights feature through {@link AppEventPublisher#userErased}. */
    public static final String USER_ERASED = "user.erased";
    /** The notification decision found that a user should be told about a conversation. */
    public static final String NOTIFICATION_NEEDED = "notification.needed";

    public static final List<String> ALL = List.of(MESSAGE_CREATED, CONVERSATION_CREATED, REQUEST_ACCEPTED,
            MEMBER_ADDED, MEMBER_REMOVED, USER_REPORTED, USER_ERASED, NOTIFICATION_NEEDED);
}
