package dev.parley.conversation;

import dev.parley.account.Account;
import dev.parley.event.EventTypes;
import dev.parley.event.Transactions;
import dev.parley.http.ApiException;
import dev.parley.http.Json;
import dev.parley.policy.Decision;
import dev.parley.policy.Policy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * A group's changes of name and members (issue 21 point 5): each writes, in its own transaction,
 * the change, its events and one system line per fact ("Ann named the group Trip", "Ann added
 * Bob", "Ann removed Cat", "Dave left"), heard by everyone who saw the group before the change
 * and, for an addition, by the one added. A change that changes nothing (the same name again, an
 * account already a member) writes no line, so a retried request adds none.
 */
final class GroupChanges {
    private final Transactions tx;
    private final ConversationStore store;
    private final ConversationViews views;
    private final Opening opening;
    private final Policy policy;
    private final MemberStateStore states;
    private final LastMessages lastMessages;
    private final SystemLines lines;
    private final Clock clock;

    GroupChanges(Transactions tx, ConversationStore store, ConversationViews views, Opening opening, Policy policy,
                 MemberStateStore states, LastMessages lastMessages, SystemLines lines, Clock clock) {
        this.tx = tx;
        this.store = store;
        this.views = views;
        this.opening = opening;
        this.policy = policy;
        this.states = states;
        this.lastMessages = lastMessages;
        this.lines = lines;
        this.clock = clock;
    }

    /** Renames a group (any member may); the caller already checked membership in this transaction. */
    void rename(Transactions.Tx t, Conversation c, String actorId, String title) {
        if (c.isDirect()) {
            throw ApiException.validation("A direct conversation has no title; only groups can be renamed.");
        }
        if (title.equals(c.title())) {
            return; // nothing changed: no event, no line
        }
        Handle h = t.handle();
        Instant now = clock.instant();
        store.setTitle(h, c.id(), title, now);
        List<String> members = visibleMembers(h, c.id());
        t.append(members, EventTypes.CONVERSATION_UPDATED, c.id(), null, now,
                v -> Json.write(Map.of("title", title, "by", actorId)));
        Account actor = views.accountsOf(store.members(h, c.id())).get(actorId);
        write(t, SystemLine.renamed(c.id(), actor, title, now), members);
    }

    void addMembers(String actorId, String conversationId, List<String> accountIds) {
        if (accountIds == null || accountIds.isEmpty()) {
            throw ApiException.validation("Field 'account_ids' needs at least one account id.");
        }
        Map<String, Account> people = opening.requireAccounts(actorId, new LinkedHashSet<>(accountIds));
        tx.run(t -> {
            Handle h = t.handle();
            requireMember(h, conversationId, actorId);
            Conversation c = store.byId(h, conversationId).orElseThrow(() -> ApiException.notFound("conversation"));
            if (c.isDirect()) {
                throw ApiException.validation("Members can't be added to a direct conversation; start a group instead.");
            }
            List<Member> current = store.members(h, conversationId);
            Set<String> present = current.stream().map(Member::accountId).collect(Collectors.toSet());
            List<Account> joining = people.values().stream().filter(a -> !present.contains(a.id())).toList();
            policy.checkGroupSize(current.size() + joining.size());
            if (joining.isEmpty()) {
                return null; // all already members: a retry, no line
            }
            Instant now = clock.instant();
            List<Decision> decisions = joining.stream().map(a -> opening.decide(actorId, a)).toList();
            // One line per person added, numbered first (the conversation's row, as a send takes it) so
            // each new member's view starts at this change's first line.
            List<Long> seqs = new ArrayList<>();
            for (int i = 0; i < joining.size(); i++) {
                seqs.add(store.nextSeq(h, conversationId, now));
            }
            long before = seqs.get(0) - 1;
            List<Member> added = new ArrayList<>();
            for (int i = 0; i < joining.size(); i++) {
                String id = joining.get(i).id();
                Member m = new Member(conversationId, id, Member.MEMBER, decisions.get(i).landsIn(), before, false, now);
                store.insertMember(h, m);
                states.setAddedBy(h, conversationId, id, actorId);
                // A membership reads from the line that added it: what was said before (while one
                // removed was out, above all) is not theirs, by history, search, id or count.
                states.set(h, conversationId, id, new MemberState(null, null, false, before));
                added.add(m);
            }
            List<Member> all = new ArrayList<>(current);
            all.addAll(added);
            Map<String, Account> everyone = views.accountsOf(all);
            Conversation touched = new Conversation(c.id(), c.kind(), c.title(), c.createdBy(), c.createdAt(), now,
                    seqs.get(seqs.size() - 1));
            List<String> ids = added.stream().map(Member::accountId).toList();
            List<String> seeing = current.stream().filter(Member::sees).map(Member::accountId).toList();
            t.append(seeing, EventTypes.MEMBER_ADDED, conversationId, null, now,
                    v -> Json.write(Map.of("account_ids", ids, "by", actorId)));
            List<String> told = added.stream().filter(m -> Member.INBOX.equals(m.folder())).map(Member::accountId).toList();
            Map<String, MemberState> own = new HashMap<>();
            told.forEach(id -> own.put(id, new MemberState(null, null, false, before, actorId)));
            t.append(told, EventTypes.CONVERSATION_CREATED, conversationId, null, now,
                    v -> Json.write(Map.of("conversation", views.view(touched, all, everyone, v, null, own.get(v),
                            lastMessages.unreadHidden(h, v, List.of(conversationId)).getOrDefault(conversationId, 0L)))));
            List<String> hear = all.stream().filter(Member::sees).map(Member::accountId).toList();
            for (int i = 0; i < added.size(); i++) {
                Account target = everyone.get(added.get(i).accountId());
                lines.write(t, SystemLine.added(conversationId, everyone.get(actorId), target, now), seqs.get(i), hear);
            }
            return null;
        });
    }

    /**
     * An admin removes a member, or anyone leaves. The line goes to everyone who saw the group,
     * the one removed included, who then hears nothing more of it. The last admin's leaving makes
     * the longest-standing member admin, said in a line of its own.
     */
    void removeMember(String actorId, String conversationId, String accountId) {
        tx.run(t -> {
            Handle h = t.handle();
            Member actor = requireGroupMember(h, conversationId, actorId, "A direct conversation has no members to remove.");
            boolean leaving = actorId.equals(accountId);
            if (!leaving && !Member.ADMIN.equals(actor.role())) {
                throw ApiException.forbidden("forbidden", "Only the group's admins can remove members.");
            }
            List<Member> members = store.members(h, conversationId);
            Member target = members.stream().filter(m -> m.accountId().equals(accountId)).findFirst()
                    .orElseThrow(() -> ApiException.notFound("member"));
            List<String> before = members.stream().filter(Member::sees).map(Member::accountId).toList();
            Map<String, Account> people = views.accountsOf(members);
            Instant now = clock.instant();
            // The conversation's row first (its seq), as a send takes it, then the member's.
            long seq = store.nextSeq(h, conversationId, now);
            store.removeMember(h, conversationId, target.accountId());
            t.append(before, EventTypes.MEMBER_REMOVED, conversationId, null, now,
                    v -> Json.write(Map.of("account_id", accountId, "by", actorId)));
            write(t, seq, SystemLine.removed(conversationId, people.get(actorId), people.get(accountId), now), before);
            Member heir = Member.heir(members, target);
            if (heir != null) {
                store.setRole(h, conversationId, heir.accountId(), Member.ADMIN);
                List<String> staying = before.stream().filter(id -> !id.equals(accountId)).toList();
                t.append(staying, EventTypes.CONVERSATION_UPDATED, conversationId, null, now,
                        v -> Json.write(Map.of("account_id", heir.accountId(), "role", Member.ADMIN, "by", accountId)));
                write(t, SystemLine.madeAdmin(conversationId, people.get(accountId), people.get(heir.accountId()), now),
                        staying);
            }
            return null;
        });
    }

    /**
     * An admin makes a member admin, or makes an admin (themself included) a member again while
     * another admin stays. Each change is a line ("Ann made Bob an admin") and a
     * {@code conversation.updated} event for everyone who sees the group; the same role again
     * changes nothing and writes nothing.
     */
    void setRole(String actorId, String conversationId, String accountId, String role) {
        if (!Member.ADMIN.equals(role) && !Member.MEMBER.equals(role)) {
            throw ApiException.validation("Field 'role' is admin or member.");
        }
        tx.run(t -> {
            Handle h = t.handle();
            Member actor = requireGroupMember(h, conversationId, actorId, "A direct conversation has no admins.");
            if (!Member.ADMIN.equals(actor.role())) {
                throw ApiException.forbidden("forbidden", "Only the group's admins can change who is admin.");
            }
            List<Member> members = store.members(h, conversationId).stream().filter(Member::sees).toList();
            Member target = members.stream().filter(m -> m.accountId().equals(accountId)).findFirst()
                    .orElseThrow(() -> ApiException.notFound("member"));
            if (role.equals(target.role())) {
                return null;
            }
            if (Member.MEMBER.equals(role)
                    && members.stream().noneMatch(m -> Member.ADMIN.equals(m.role()) && !m.accountId().equals(accountId))) {
                throw new ApiException(409, "last_admin", "A group needs an admin",
                        "This is the group's only admin: make someone else admin first.");
            }
            store.setRole(h, conversationId, accountId, role);
            List<String> hear = members.stream().map(Member::accountId).toList();
            Map<String, Account> people = views.accountsOf(members);
            Instant now = clock.instant();
            t.append(hear, EventTypes.CONVERSATION_UPDATED, conversationId, null, now,
                    v -> Json.write(Map.of("account_id", accountId, "role", role, "by", actorId)));
            write(t, SystemLine.roleChanged(conversationId, people.get(actorId), people.get(accountId), role, now), hear);
            return null;
        });
    }

    private void write(Transactions.Tx t, SystemLine line, List<String> hear) {
        write(t, store.nextSeq(t.handle(), line.conversationId(), line.at()), line, hear);
    }

    private void write(Transactions.Tx t, long seq, SystemLine line, List<String> hear) {
        lines.write(t, line, seq, hear);
    }

    /** The actor's place in a group: 404 to anyone who does not see it, 422 {@code notGroup} for a direct one. */
    private Member requireGroupMember(Handle h, String conversationId, String actorId, String notGroup) {
        Member actor = requireMember(h, conversationId, actorId);
        Conversation c = store.byId(h, conversationId).orElseThrow(() -> ApiException.notFound("conversation"));
        if (c.isDirect()) {
            throw ApiException.validation(notGroup);
        }
        return actor;
    }

    private Member requireMember(Handle h, String conversationId, String accountId) {
        return store.member(h, conversationId, accountId).filter(Member::sees)
                .orElseThrow(() -> ApiException.notFound("conversation"));
    }

    private List<String> visibleMembers(Handle h, String conversationId) {
        return store.members(h, conversationId).stream().filter(Member::sees).map(Member::accountId).toList();
    }
}
