package dev.parley.conversation;

import java.time.Instant;

/**
 * What one member did to a conversation for themself alone (issue 21 point 7): never seen by the
 * other members, synced to the member's own devices as {@code conversation.updated}.
 *
 * @param pinnedAt     pinned (listed first, newest pin first), or null
 * @param archivedSeq  archived when the conversation's last seq was this, or null
 * @param markedUnread "mark as unread": the unread count is at least 1 until the member reads
 * @param clearedSeq   "delete for me" when the last seq was this: messages up to it are hidden
 *                     from the member, and the conversation too until a newer message, or null
 * @param addedBy      who added the member to a group after it was made, or null (issue 21 point 5)
 */
public record MemberState(Instant pinnedAt, Long archivedSeq, boolean markedUnread, Long clearedSeq, String addedBy) {
    public static final MemberState NONE = new MemberState(null, null, false, null, null);

    public MemberState(Instant pinnedAt, Long archivedSeq, boolean markedUnread, Long clearedSeq) {
        this(pinnedAt, archivedSeq, markedUnread, clearedSeq, null);
    }

    /** Archived, and no newer message brought it back (a new message does not while muted). */
    public boolean archivedAt(long lastSeq, boolean mutedNow) {
        return archivedSeq != null && (lastSeq <= archivedSeq || mutedNow);
    }

    /** Deleted for the member, and nothing newer arrived since. */
    public boolean hiddenAt(long lastSeq) {
        return clearedSeq != null && lastSeq <= clearedSeq;
    }

    /** The highest seq the member no longer sees, or 0. */
    public long clearedUpTo() {
        return clearedSeq == null ? 0 : clearedSeq;
    }
}
