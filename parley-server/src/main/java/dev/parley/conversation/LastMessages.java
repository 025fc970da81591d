package dev.parley.conversation;

import java.util.Map;
import org.jdbi.v3.core.Handle;

/** Supplies the last message of each conversation as the viewer sees it (the message feature). */
@FunctionalInterface
public interface LastMessages {
    Map<String, Object> of(Handle h, String viewerId, Map<String, Long> lastSeqByConversation);

    /**
     * Per conversation, how many messages past the viewer's read pointer are hidden from the viewer
     * (another's shadowed messages): the unread count leaves them out. Absent: none.
     */
    default Map<String, Long> unreadHidden(Handle h, String viewerId, java.util.Collection<String> conversationIds) {
        return Map.of();
    }
}
