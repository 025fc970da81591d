package dev.parley.conversation;

import dev.parley.account.Account;
import dev.parley.account.AccountStore;
import dev.parley.account.GraphService;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Builds what a member sees of a conversation, read receipts filtered by both sides' choices. */
final class ConversationViews {
    private final AccountStore accounts;
    private final GraphService graph;

    private final java.time.Clock clock;

    ConversationViews(AccountStore accounts, GraphService graph, java.time.Clock clock) {
        this.clock = clock;
        this.accounts = accounts;
        this.graph = graph;
    }

    Map<String, Account> accountsOf(Collection<Member> members) {
        Set<String> ids = members.stream().map(Member::accountId).collect(Collectors.toCollection(HashSet::new));
        return accounts.byIds(ids).stream().collect(Collectors.toMap(Account::id, Function.identity()));
    }

    ConversationView view(Conversation c, List<Member> members, Map<String, Account> people, String viewerId,
                          Object lastMessage) {
        return view(c, members, people, viewerId, lastMessage, MemberState.NONE, 0);
    }

    /** @param hiddenUnread messages past the viewer's read pointer hidden from the viewer (shadowed): not unread */
    ConversationView view(Conversation c, List<Member> members, Map<String, Account> people, String viewerId,
                          Object lastMessage, MemberState own, long hiddenUnread) {
        Member me = members.stream().filter(m -> m.accountId().equals(viewerId)).findFirst().orElseThrow();
        Account viewer = people.get(viewerId);
        // Every member is listed, a declined one too: declining is never shown to the sender.
        List<ConversationView.MemberView> mv = members.stream()
                .filter(m -> people.containsKey(m.accountId()))
                .map(m -> {
                    Account a = people.get(m.accountId());
                    return new ConversationView.MemberView(a.id(), a.handle(), nameFor(viewerId, a), a.kind(), a.verified(),
                            m.role(), showsReadState(viewer, a, m) ? m.readSeq() : null);
                })
                .toList();
        java.time.Instant now = clock.instant();
        long unread = own.hiddenAt(c.lastSeq()) ? 0
                : Math.max(own.markedUnread() ? 1 : 0, Math.max(0, c.lastSeq() - me.readSeq() - hiddenUnread));
        String mutedUntil = me.muted() ? ConversationView.FOREVER
                : me.mutedAt(now) ? me.mutedUntil().toString() : null;
        return new ConversationView(c.id(), c.kind(), c.title(), mv, lastMessage, unread, c.lastSeq(), me.readSeq(),
                me.folder(), me.mutedAt(now), c.updatedAt(), notice(members, people, viewer), mutedUntil,
                addedBy(c, me, own), own.pinnedAt() != null, own.archivedAt(c.lastSeq(), me.mutedAt(now)), own.markedUnread(),
                own.clearedSeq());
    }

    /**
     * Who put the viewer in a group: whoever added them after it was made (recorded since V198), or
     * the group's creator for the members it was created with (they joined the instant it was
     * made). Null for the creator, in a direct conversation, and for members added before V198.
     */
    private static String addedBy(Conversation c, Member me, MemberState own) {
        if (own.addedBy() != null) {
            return own.addedBy();
        }
        boolean founding = !c.isDirect() && me.joinedAt() != null && me.joinedAt().equals(c.createdAt());
        return founding && !me.accountId().equals(c.createdBy()) ? c.createdBy() : null;
    }

    /**
     * What the viewer sees as a member's name: someone who blocked the viewer shows as
     * {@value ConversationView#BLOCKED_NAME}, as the networks do, so a name chosen (or changed)
     * after the block does not reach the one blocked. The one who blocked still sees the real name.
     */
    private String nameFor(String viewerId, Account member) {
        return !member.id().equals(viewerId) && graph.hasBlocked(member.id(), viewerId)
                ? ConversationView.BLOCKED_NAME : member.displayName();
    }

    /** A person in a conversation with a business is told that the business's people and bots read it. */
    private static ConversationView.Notice notice(List<Member> members, Map<String, Account> people, Account viewer) {
        if (viewer == null || viewer.isBusiness()) {
            return null;
        }
        return members.stream().map(m -> people.get(m.accountId()))
                .filter(a -> a != null && a.isBusiness())
                .findFirst()
                .map(b -> new ConversationView.Notice("business_reads", "You're writing to " + b.displayName()
                        + ", a business: its team and its bots read this conversation."))
                .orElse(null);
    }

    /** One's own pointer always; another's only where receipts are shared and they accepted the conversation. */
    private boolean showsReadState(Account viewer, Account other, Member otherMembership) {
        return viewer.id().equals(other.id())
                || (Member.INBOX.equals(otherMembership.folder()) && sharesReceipts(viewer, other));
    }

    /** Read state flows only between two accounts that both have receipts on and no block between them. */
    boolean sharesReceipts(Account viewer, Account other) {
        if (viewer.id().equals(other.id())) {
            return true;
        }
        return viewer.readReceipts() && other.readReceipts() && !graph.blockedEitherWay(viewer.id(), other.id());
    }
}
