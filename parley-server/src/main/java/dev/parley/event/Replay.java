package dev.parley.event;

import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * How a page of stored events reads when it is replayed (sync, the stream's catch-up, another
 * node's delivery, bots' webhooks): an event is stored once, as its fact was at commit, and a
 * feature whose facts change afterwards (a message unsent, edited, or a file across a block that
 * stands now) says what of it may still be told. The event package knows no feature, so the
 * feature implements this and registers it with {@link EventStore#replayThrough}.
 */
@FunctionalInterface
public interface Replay {
    /**
     * The page as {@code accountId} may read it now, in the same order and with the same tokens;
     * events that need no change are returned as they are.
     *
     * @param h the read's handle, so a look-up joins the read of the page
     */
    List<Event> asNow(Handle h, String accountId, List<Event> page);
}
