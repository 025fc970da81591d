package dev.parley.conversation;

import dev.parley.account.Account;
import dev.parley.account.AccountStore;
import dev.parley.event.EventTypes;
import dev.parley.event.Transactions;
import dev.parley.http.ApiException;
import dev.parley.http.Json;
import dev.parley.policy.Decision;
import dev.parley.policy.Policy;
import dev.parley.safety.RateLimits;
import dev.parley.store.Database;
import dev.parley.store.Ids;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Opening conversations: the pair's one direct conversation (found again, or made under the DM
 * policy), a group within the cap, and the question "may I message this account now?" answered
 * as a first send would be. {@link ConversationService} shows what it opened.
 */
final class Opening {
    /** What opening came to: a conversation it made (shown to its maker), or one that existed. */
    sealed interface Outcome permits Created, Existing {}

    record Created(ConversationView view) implements Outcome {}

    record Existing(String conversationId) implements Outcome {}

    private final Database db;
    private final Transactions tx;
    private final ConversationStore store;
    private final AccountStore accounts;
    private final ConversationViews views;
    private final Policy policy;
    private final RateLimits limits;
    private final HeldRequests held;
    private final java.util.function.Predicate<String> shadowed;
    private final java.util.function.Consumer<String> restricted;
    private final SystemLines lines;
    private final Clock clock;

    Opening(Database db, Transactions tx, ConversationStore store, AccountStore accounts, ConversationViews views,
            Policy policy, RateLimits limits, HeldRequests held, java.util.function.Predicate<String> shadowed,
            java.util.function.Consumer<String> restricted, SystemLines lines, Clock clock) {
        this.restricted = restricted;
        this.lines = lines;
        this.held = held;
        this.db = db;
        this.tx = tx;
        this.store = store;
        this.accounts = accounts;
        this.views = views;
        this.policy = policy;
        this.limits = limits;
        this.shadowed = shadowed;
        this.clock = clock;
    }

    /** One other member: the pair's direct conversation (existing or new); more: a new group. */
    Outcome open(String actorId, List<String> memberIds, String title) {
        if (memberIds == null || memberIds.isEmpty()) {
            throw ApiException.validation("Field 'member_ids' needs at least one account id.");
        }
        Set<String> others = new LinkedHashSet<>();
        for (String id : memberIds) {
            if (id == null || id.isBlank()) {
                throw ApiException.validation("Field 'member_ids' holds an empty id.");
            }
            if (!id.equals(actorId)) {
                others.add(id);
            }
        }
        if (others.isEmpty()) {
            throw ApiException.validation("Add at least one account other than yourself.");
        }
        String cleanTitle = title == null ? null : dev.parley.account.Validation.title(title);
        Map<String, Account> people = requireAccounts(actorId, others);
        if (others.size() == 1 && cleanTitle == null) {
            return openDirect(actorId, people.values().iterator().next(), false);
        }
        restricted.accept(actorId); // a new group's title and first line reach its members as a message does
        return openGroup(actorId, people, cleanTitle);
    }

    /** The accounts, in order; one that is suspended or in another network than the actor's is not found. */
    Map<String, Account> requireAccounts(String actorId, Set<String> ids) {
        Set<String> wanted = new LinkedHashSet<>(ids);
        wanted.add(actorId);
        Map<String, Account> found = accounts.byIds(wanted).stream()
                .collect(Collectors.toMap(Account::id, a -> a));
        Account actor = found.get(actorId);
        Map<String, Account> ordered = new LinkedHashMap<>();
        for (String id : ids) {
            Account a = found.get(id);
            if (a == null || a.suspended() || actor == null || !actor.sameNetwork(a)) {
                throw ApiException.notFound("account: " + id);
            }
            ordered.put(id, a);
        }
        return ordered;
    }

    /**
     * A business opens a conversation only as a message request: the pair's existing direct
     * conversation, or a new one that lands in the other's requests whatever their settings.
     */
    Outcome openAsRequest(String businessId, String otherId) {
        Account other = requireAccounts(businessId, new LinkedHashSet<>(List.of(otherId))).get(otherId);
        return openDirect(businessId, other, true);
    }

    private Outcome openDirect(String actorId, Account other, boolean asRequest) {
        // Before the pair's conversation is looked up: finding it would tell the blocked one it exists.
        policy.requireUnblockedBy(other.id(), actorId);
        Optional<Conversation> existing = db.read(h -> store.direct(h, actorId, other.id()));
        if (existing.isPresent()) {
            return reopen(actorId, existing.get());
        }
        Decision d = policy.mayStart(actorId, other.id()).orThrow();
        if (asRequest) {
            d = Decision.request(null);
        }
        limits.newConversation(actorId);
        Instant now = clock.instant();
        String landsIn = d.landsIn();
        if (Member.REQUESTS.equals(landsIn) && requestLimit(actorId, now)) {
            landsIn = Member.HELD;
        }
        Conversation c = new Conversation(Ids.next('c'), Conversation.DIRECT, null, actorId, now, now, 0);
        List<Member> members = List.of(
                new Member(c.id(), actorId, Member.MEMBER, Member.INBOX, 0, false, now),
                new Member(c.id(), other.id(), Member.MEMBER, landsIn, 0, false, now));
        try {
            return new Created(create(c, Conversation.directKey(actorId, other.id()), members, actorId));
        } catch (RuntimeException e) {
            if (db.dialect().isUniqueViolation(e)) {
                // The other side opened it at the same moment: answer theirs.
                Conversation theirs = db.read(h -> store.direct(h, actorId, other.id())).orElseThrow(() -> e);
                return reopen(actorId, theirs);
            }
            throw e;
        }
    }

    /**
     * A channel contact's one conversation with the business, made by the channels feature: both
     * in the inbox, with no DM policy or network check (the contact is a network of its own,
     * reached only through the channel). Two first deliveries at once meet at the pair's unique
     * key, and the loser answers the winner's conversation.
     */
    String openForChannel(String contactId, String businessId) {
        Optional<Conversation> existing = db.read(h -> store.direct(h, contactId, businessId));
        if (existing.isPresent()) {
            return existing.get().id();
        }
        Instant now = clock.instant();
        Conversation c = new Conversation(Ids.next('c'), Conversation.DIRECT, null, contactId, now, now, 0);
        List<Member> members = List.of(
                new Member(c.id(), contactId, Member.MEMBER, Member.INBOX, 0, false, now),
                new Member(c.id(), businessId, Member.MEMBER, Member.INBOX, 0, false, now));
        try {
            create(c, Conversation.directKey(contactId, businessId), members, contactId);
            return c.id();
        } catch (RuntimeException e) {
            if (db.dialect().isUniqueViolation(e)) {
                return db.read(h -> store.direct(h, contactId, businessId)).orElseThrow(() -> e).id();
            }
            throw e;
        }
    }

    /** Opening a direct conversation one had declined brings it back to one's inbox. */
    private Outcome reopen(String actorId, Conversation c) {
        tx.run(t -> {
            Member me = store.member(t.handle(), c.id(), actorId).orElseThrow();
            if (!me.sees()) {
                store.setFolder(t.handle(), c.id(), actorId, Member.INBOX);
            }
            return null;
        });
        return new Existing(c.id());
    }

    private Outcome openGroup(String actorId, Map<String, Account> others, String title) {
        policy.checkGroupSize(others.size() + 1);
        Instant now = clock.instant();
        Conversation c = new Conversation(Ids.next('c'), Conversation.GROUP, title, actorId, now, now, 0);
        List<Member> members = new ArrayList<>();
        members.add(new Member(c.id(), actorId, Member.ADMIN, Member.INBOX, 0, false, now));
        for (Account a : others.values()) {
            Decision d = decide(actorId, a);
            members.add(new Member(c.id(), a.id(), Member.MEMBER, d.landsIn(), 0, false, now));
        }
        limits.newConversation(actorId);
        if (members.stream().anyMatch(m -> Member.REQUESTS.equals(m.folder())) && requestLimit(actorId, now)) {
            members.replaceAll(m -> Member.REQUESTS.equals(m.folder())
                    ? new Member(m.conversationId(), m.accountId(), m.role(), Member.HELD, 0, false, now) : m);
        }
        return new Created(create(c, null, members, actorId));
    }

    /**
     * A new account's hourly limit on message requests (see {@link RateLimits#newRequest}); true if
     * the request is to be held for review, unless the sender already has as many held as may
     * wait: then it is refused ({@code requests_paused}).
     */
    private boolean requestLimit(String actorId, Instant now) {
        boolean hold = accounts.byIds(Set.of(actorId)).stream().findFirst()
                .map(a -> limits.newRequest(actorId, a.createdAt(), now)).orElse(false);
        if (hold && held.countFrom(actorId) >= HeldRequests.MAX_PER_SENDER) {
            throw limits.requestsPaused(actorId);
        }
        return hold;
    }

    /** A refusal for one member of a group names them. */
    Decision decide(String actorId, Account a) {
        Decision d = policy.mayStart(actorId, a.id());
        if (!d.allowed()) {
            throw Decision.refuse(d.code(), d.detail()).toException();
        }
        return d;
    }

    private ConversationView create(Conversation c, String directKey, List<Member> members, String actorId) {
        Map<String, Account> people = views.accountsOf(members);
        boolean group = !c.isDirect();
        // A group starts with its line "Ann created the group" at seq 1, which is never unread.
        Conversation made = group ? new Conversation(c.id(), c.kind(), c.title(), c.createdBy(), c.createdAt(),
                c.updatedAt(), 1) : c;
        long lineUnread = group ? 1 : 0;
        tx.run(t -> {
            store.insert(t.handle(), c, directKey);
            members.forEach(m -> store.insertMember(t.handle(), m));
            // Requests appear to their recipient only once they hold a message (request.created).
            // A shadow-banned opener's new conversation is heard of by no one else.
            boolean quiet = shadowed.test(actorId);
            List<String> inbox = members.stream().filter(m -> Member.INBOX.equals(m.folder())).map(Member::accountId)
                    .filter(id -> !quiet || id.equals(actorId)).toList();
            t.append(inbox, EventTypes.CONVERSATION_CREATED, c.id(), null, c.createdAt(),
                    viewer -> Json.write(Map.of("conversation", views.view(made, members, people, viewer, null,
                            MemberState.NONE, lineUnread))));
            if (group) {
                List<String> hear = members.stream().filter(Member::sees).map(Member::accountId)
                        .filter(id -> !quiet || id.equals(actorId)).toList();
                lines.write(t, SystemLine.created(c.id(), people.get(actorId), c.title(), c.createdAt()),
                        store.nextSeq(t.handle(), c.id(), c.createdAt()), hear);
            }
            return null;
        });
        return views.view(made, members, people, actorId, null, MemberState.NONE, lineUnread);
    }

    /** "May I message this account now?", answered as a first send would be. */
    Decision dmPermission(String actorId, Account target) {
        if (actorId.equals(target.id())) {
            return Decision.refuse("validation_failed", "That is you.");
        }
        Optional<Conversation> existing = db.read(h -> store.direct(h, actorId, target.id()));
        if (existing.isPresent()) {
            return db.read(h -> {
                Member other = store.member(h, existing.get().id(), target.id()).orElseThrow();
                Optional<Member> me = store.member(h, existing.get().id(), actorId);
                if (me.isPresent() && me.get().isRequest()) {
                    return Decision.inbox(); // answering a request accepts it
                }
                long sent = store.countSentBy(h, existing.get().id(), actorId);
                return policy.mayPostDirect(actorId, target.id(), other.folder(), sent);
            });
        }
        return policy.mayStart(actorId, target.id());
    }
}
