package dev.parley.conversation;

import java.time.Instant;

/**
 * One account's place in a conversation.
 *
 * @param folder  {@code inbox}, {@code requests} (a message request not yet answered),
 *                {@code hidden} (a request holding one of the account's hidden words) or
 *                {@code declined} (the request was declined: the account no longer sees it) or
 *                {@code held} (a request held for review: the account does not see it yet)
 * @param readSeq the newest message this account has read; it never moves back
 * @param muted   muted for ever
 * @param mutedUntil muted until then, or null
 */
public record Member(String conversationId, String accountId, String role, String folder, long readSeq,
                     boolean muted, Instant joinedAt, Instant mutedUntil) {
    public Member(String conversationId, String accountId, String role, String folder, long readSeq, boolean muted,
                  Instant joinedAt) {
        this(conversationId, accountId, role, folder, readSeq, muted, joinedAt, null);
    }

    /** Muted for ever, or until a time still to come. */
    public boolean mutedAt(Instant now) {
        return muted || mutedUntil != null && mutedUntil.isAfter(now);
    }

    public static final String ADMIN = "admin";
    public static final String MEMBER = "member";
    public static final String INBOX = "inbox";
    public static final String REQUESTS = "requests";
    public static final String DECLINED = "declined";
    /** A request that contained one of the recipient's hidden words. */
    public static final String HIDDEN = "hidden";
    /** A request held for a moderator's review (see {@link HeldRequests}): its recipient does not see it yet. */
    public static final String HELD = "held";

    /** Declined requests are invisible to the one who declined them, held ones to their recipient. */
    public boolean sees() {
        return !DECLINED.equals(folder) && !HELD.equals(folder);
    }

    /** A request not yet accepted (shown in requests, or hidden). */
    public boolean isRequest() {
        return REQUESTS.equals(folder) || HIDDEN.equals(folder);
    }

    /**
     * Who becomes a group's admin when its last admin goes (leaves, is removed, or is erased): the
     * member who has been in it longest, one who accepted it before one still asked. Without one,
     * nobody could remove a member again. Null while another admin stays, or nobody does.
     *
     * @param members the group's members, the one going among them
     */
    public static Member heir(java.util.List<Member> members, Member going) {
        if (!ADMIN.equals(going.role())) {
            return null;
        }
        java.util.List<Member> staying = members.stream()
                .filter(m -> m.sees() && !m.accountId().equals(going.accountId())).toList();
        if (staying.stream().anyMatch(m -> ADMIN.equals(m.role()))) {
            return null;
        }
        return staying.stream().min(java.util.Comparator.comparing(Member::isRequest)
                .thenComparing(Member::joinedAt).thenComparing(Member::accountId)).orElse(null);
    }
}
