package dev.parley.moderation;

import dev.parley.message.MessageIds;
import dev.parley.message.MessageStore;
import dev.parley.store.Database;
import dev.parley.store.Ids;
import java.time.Clock;
import java.time.Instant;

/**
 * Reports the node files itself: a message the node's filters flagged opens in the moderators'
 * queue like anyone's report, with the message and the 10 before it, under the reporter
 * {@link #SYSTEM}. Quiet: no app event, and nothing counted against the sender's requests (no
 * person reported it). Needs only the stores, so it exists before the message feature that calls it.
 */
public final class SystemReports {
    /** The reporter of what the node's own filters flag. */
    public static final String SYSTEM = "system";

    private final Database db;
    private final ModerationStore store = new ModerationStore();
    private final MessageStore messages;
    private final Clock clock;

    public SystemReports(Database db, MessageStore messages, Clock clock) {
        this.db = db;
        this.messages = messages;
        this.clock = clock;
    }

    /** Opens a report of the message (category other, the note for the moderators); a message gone meanwhile is not reported. */
    public void flag(String messageId, String note) {
        MessageIds.Key key = MessageIds.parse(messageId).orElse(null);
        if (key == null) {
            return;
        }
        Instant now = clock.instant();
        db.writeVoid(h -> messages.get(h, key.conversationId(), key.seq()).ifPresent(m -> store.insert(h,
                new Report(Ids.next('k'), SYSTEM, null, "message", m.id(), m.senderId(), m.conversationId(), m.id(),
                        "other", note, Report.OPEN, now, Reports.snapshot(h, messages, m)))));
    }
}
