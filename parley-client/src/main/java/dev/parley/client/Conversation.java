package dev.parley.client;

import java.time.Instant;
import java.util.List;

/**
 * A conversation as the caller sees it.
 *
 * @param kind        {@code direct} or {@code group}
 * @param title       a group's title, else null
 * @param lastMessage the newest message, or null while there is none
 * @param unreadCount messages past the caller's read pointer, system lines ("Ann added Bob") not counted
 * @param readSeq     the caller's read pointer
 * @param folder      {@code inbox}, {@code requests} or {@code hidden} (a request holding a hidden word)
 * @param notice      what to show at the top of the conversation, or null
 * @param addedBy     who put the caller in a group (its creator, or whoever added them later), else null
 */
public record Conversation(String id, String kind, String title, List<Member> members, Message lastMessage,
                           long unreadCount, long lastSeq, long readSeq, String folder, boolean muted,
                           Instant updatedAt, Notice notice, String addedBy) {

    /**
     * A notice for the top of a conversation: a person writing to a business is told that its team
     * and its bots read it.
     *
     * @param code stable, for clients that word it themselves ({@code business_reads})
     */
    public record Notice(String code, String text) {}

    /**
     * A member as the caller sees them.
     *
     * @param role    {@code admin} or {@code member}
     * @param readSeq how far they have read, or null unless both sides share read receipts (the
     *                caller always sees their own)
     */
    public record Member(String id, String handle, String displayName, String kind, boolean verified, String role,
                         Long readSeq) {}

    public boolean isGroup() {
        return "group".equals(kind);
    }
}
