package dev.parley.conversation;

import java.util.Map;
import org.jdbi.v3.core.Handle;

/** Supplies the last message of each conversation as the viewer sees it (the message feature). */
@FunctionalInterface
public interface LastMessages {
    Map<String, Object> of(Handle h, String viewerId, Map<String, Long> lastSeqByConversation);
}
