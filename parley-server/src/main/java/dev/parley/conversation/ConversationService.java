package dev.parley.conversation;

import dev.parley.account.Account;
import dev.parley.account.AccountStore;
import dev.parley.account.GraphService;
import dev.parley.event.EventTypes;
import dev.parley.event.Transactions;
import dev.parley.http.ApiException;
import dev.parley.http.Json;
import dev.parley.http.Page;
import dev.parley.policy.Decision;
import dev.parley.policy.Policy;
import dev.parley.safety.RateLimits;
import dev.parley.store.Database;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Conversations: opening them (the pair's one direct conversation, or a group within the cap; the
 * rules are in {@link Opening}), their members, folders (inbox, requests), titles, mute and read
 * pointers. Each change appends the events its members will sync, in the same transaction.
 */
public final class ConversationService {
    private final Database db;
    private final Transactions tx;
    private final ConversationStore store;
    private final GraphService graph;
    private final Policy policy;
    private final Clock clock;
    private final ConversationViews views;
    private final Opening opening;
    private final LastMessages lastMessages;
    private final RateLimits limits;
    private final MemberStateStore states = new MemberStateStore();
    private final GroupChanges groups;
    /** Refuses an account a moderator restricted: a group's title reaches its members as a message does. */
    private final java.util.function.Consumer<String> restricted;

    /**
     * @param lastMessages renders each conversation's last message (the message feature)
     * @param lines        writes a group's system lines as messages (the message feature)
     */
    public ConversationService(Database db, Transactions tx, ConversationStore store, AccountStore accounts,
                               GraphService graph, Policy policy, RateLimits limits, HeldRequests held, Clock clock,
                               LastMessages lastMessages, java.util.function.Predicate<String> shadowBanned,
                               java.util.function.Consumer<String> restricted, SystemLines lines) {
        this.restricted = restricted;
        this.lastMessages = lastMessages;
        this.db = db;
        this.tx = tx;
        this.store = store;
        this.graph = graph;
        this.policy = policy;
        this.clock = clock;
        this.views = new ConversationViews(accounts, graph, clock);
        this.limits = limits;
        this.opening = new Opening(db, tx, store, accounts, views, policy, limits, held, shadowBanned, restricted, lines,
                clock);
        this.groups = new GroupChanges(tx, store, views, opening, policy, states, lastMessages, lines, clock);
    }

    public record Opened(ConversationView conversation, boolean created) {}

    /** The list of the member's archived inbox conversations ({@code ?folder=archived}). */
    public static final String ARCHIVED = "archived";

    /** One other member: the pair's direct conversation (existing or new); more: a new group. */
    public Opened open(String actorId, List<String> memberIds, String title) {
        return opened(actorId, opening.open(actorId, memberIds, title));
    }

    /** A business opens only a message request: the pair's direct conversation, or a new one in the other's requests. */
    public Opened openAsRequest(String businessId, String otherId) {
        return opened(businessId, opening.openAsRequest(businessId, otherId));
    }

    /** A channel contact's one conversation with the business (see {@code channels}); its id. */
    public String openForChannel(String contactId, String businessId) { return opening.openForChannel(contactId, businessId); }

    private Opened opened(String actorId, Opening.Outcome outcome) {
        if (outcome instanceof Opening.Created created) {
            return new Opened(created.view(), true);
        }
        return new Opened(get(actorId, ((Opening.Existing) outcome).conversationId()), false);
    }

    /** "May I message this account now?", answered as a first send would be. */
    public Decision dmPermission(String actorId, Account target) {
        return opening.dmPermission(actorId, target);
    }

    /** "May this account start a conversation with that one?" under the DM policy alone. */
    public Decision startPermission(String actorId, String otherId) {
        // Visibility first, as opening checks it: an account of another network, a suspended one or an
        // unknown id are not found alike, before any rule could answer differently for one of them.
        opening.requireAccounts(actorId, new java.util.LinkedHashSet<>(List.of(otherId)));
        return policy.mayStart(actorId, otherId);
    }

    /** The conversation record, for a member of it (else 404). */
    public Conversation conversationFor(String accountId, String conversationId) {
        return db.read(h -> {
            requireMember(h, conversationId, accountId);
            return requireConversation(h, conversationId);
        });
    }

    /** The member row of a visible conversation, or 404 exactly as for an unknown id. */
    public Member requireMember(Handle h, String conversationId, String accountId) {
        return store.member(h, conversationId, accountId).filter(Member::sees)
                .orElseThrow(() -> ApiException.notFound("conversation"));
    }

    public Conversation requireConversation(Handle h, String conversationId) {
        return store.byId(h, conversationId).orElseThrow(() -> ApiException.notFound("conversation"));
    }

    public ConversationView get(String actorId, String conversationId) {
        return db.read(h -> {
            requireMember(h, conversationId, actorId);
            Conversation c = requireConversation(h, conversationId);
            return render(h, c, store.members(h, c.id()), actorId);
        });
    }

    private ConversationView render(Handle h, Conversation c, List<Member> members, String viewerId) {
        MemberState own = states.state(h, c.id(), viewerId);
        // A last message the viewer deleted for themself is not shown.
        Object last = own.hiddenAt(c.lastSeq()) ? null
                : lastMessages.of(h, viewerId, Map.of(c.id(), c.lastSeq())).get(c.id());
        long hidden = lastMessages.unreadHidden(h, viewerId, List.of(c.id())).getOrDefault(c.id(), 0L);
        return views.view(c, members, views.accountsOf(members), viewerId, last, own, hidden);
    }

    /** The highest seq the account deleted for itself in the conversation, or 0: history starts after it. */
    public long clearedUpTo(Handle h, String conversationId, String accountId) {
        return states.state(h, conversationId, accountId).clearedUpTo();
    }

    /** The member's own actions on conversations (pin, archive, mark unread, delete for me). */
    MemberStateStore states() {
        return states;
    }

    public Page<ConversationView> list(String actorId, String folder, int limit, Optional<String> cursor) {
        if (!List.of(Member.INBOX, Member.REQUESTS, Member.HIDDEN, ARCHIVED).contains(folder)) {
            throw ApiException.badRequest("'folder' is inbox, archived, requests or hidden.");
        }
        boolean archived = ARCHIVED.equals(folder);
        // Pinned conversations lead the inbox's first page; its later pages are the rest.
        boolean pinsApart = Member.INBOX.equals(folder);
        ConversationStore.Listing listing = new ConversationStore.Listing(archived ? Member.INBOX : folder, archived,
                !pinsApart, clock.instant());
        long beforeAt = Long.MAX_VALUE;
        String beforeId = "\uffff";
        if (cursor.isPresent()) {
            String[] parts = decodeCursor(cursor.get());
            beforeAt = Long.parseLong(parts[0]);
            beforeId = parts[1];
        }
        long at = beforeAt;
        String id = beforeId;
        return db.read(h -> {
            List<Conversation> rows = store.list(h, actorId, listing, !Member.INBOX.equals(listing.folder()), at, id,
                    limit + 1);
            boolean more = rows.size() > limit;
            List<Conversation> rest = more ? rows.subList(0, limit) : rows;
            List<Conversation> page = new ArrayList<>(pinsApart && cursor.isEmpty()
                    ? store.pinned(h, actorId, listing.now()) : List.of());
            page.addAll(rest);
            Map<String, List<Member>> members = store.members(h, page.stream().map(Conversation::id).toList())
                    .stream().collect(Collectors.groupingBy(Member::conversationId));
            Map<String, Account> people = views.accountsOf(members.values().stream().flatMap(List::stream).toList());
            Map<String, Long> seqs = page.stream().collect(Collectors.toMap(Conversation::id, Conversation::lastSeq));
            Map<String, Object> last = lastMessages.of(h, actorId, seqs);
            Map<String, MemberState> own = states.states(h, actorId, seqs.keySet());
            Map<String, Long> hidden = lastMessages.unreadHidden(h, actorId, seqs.keySet());
            List<ConversationView> items = page.stream()
                    .map(c -> views.view(c, members.get(c.id()), people, actorId, last.get(c.id()),
                            own.getOrDefault(c.id(), MemberState.NONE), hidden.getOrDefault(c.id(), 0L)))
                    .toList();
            String next = more ? encodeCursor(rest.get(rest.size() - 1)) : null;
            return new Page<>(items, next);
        });
    }

    private static String encodeCursor(Conversation c) {
        String raw = c.updatedAt().toEpochMilli() + ":" + c.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decodeCursor(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = raw.split(":", 2);
            Long.parseLong(parts[0]);
            if (parts.length != 2) {
                throw new IllegalArgumentException();
            }
            return parts;
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("'cursor' is not one this server gave out.");
        }
    }

    /** Renames a group (any member) and/or mutes it for the caller. */
    public ConversationView update(String actorId, String conversationId, String title, Boolean muted) {
        String clean = title == null ? null : dev.parley.account.Validation.title(title);
        if (clean != null) {
            restricted.accept(actorId);
        }
        tx.run(t -> {
            Handle h = t.handle();
            requireMember(h, conversationId, actorId);
            Conversation c = requireConversation(h, conversationId);
            Instant now = clock.instant();
            if (muted != null) {
                store.setMuted(h, conversationId, actorId, muted);
                t.append(List.of(actorId), EventTypes.CONVERSATION_UPDATED, conversationId, null, now,
                        v -> Json.write(Map.of("muted", muted)));
            }
            if (clean != null) {
                groups.rename(t, c, actorId, clean);
            }
            return null;
        });
        return get(actorId, conversationId);
    }

    /**
     * Mutes the conversation's notifications for the caller: for ever ({@code forever}), until a
     * time ({@code until}), or neither (both off). Replaces what {@code muted} said before.
     */
    public ConversationView mute(String actorId, String conversationId, boolean forever, Instant until) {
        tx.run(t -> {
            requireMember(t.handle(), conversationId, actorId);
            store.setMuted(t.handle(), conversationId, actorId, forever, until);
            Map<String, Object> data = new java.util.LinkedHashMap<>();
            data.put("muted", forever || until != null && until.isAfter(clock.instant()));
            data.put("muted_until", forever ? ConversationView.FOREVER : until == null ? null : until.toString());
            t.append(List.of(actorId), EventTypes.CONVERSATION_UPDATED, conversationId, null, clock.instant(),
                    v -> Json.write(data));
            return null;
        });
        return get(actorId, conversationId);
    }

    List<String> visibleMembers(Handle h, String conversationId) {
        return store.members(h, conversationId).stream().filter(Member::sees).map(Member::accountId).toList();
    }

    /** Adds accounts to a group; each one added is a system line ("Ann added Bob"). */
    public ConversationView addMembers(String actorId, String conversationId, List<String> accountIds) {
        groups.addMembers(actorId, conversationId, accountIds);
        return get(actorId, conversationId);
    }

    /** An admin removes a member, or anyone leaves; the one removed is told and then sees nothing. */
    public void removeMember(String actorId, String conversationId, String accountId) {
        groups.removeMember(actorId, conversationId, accountId);
    }

    /** An admin makes a member admin, or an admin a member again; answers the conversation as it is now. */
    public ConversationView setRole(String actorId, String conversationId, String accountId, String role) {
        groups.setRole(actorId, conversationId, accountId, role);
        return get(actorId, conversationId);
    }

    /** Accepting a request moves it to the inbox; the sender may then write freely. */
    public ConversationView accept(String actorId, String conversationId) {
        tx.run(t -> {
            Handle h = t.handle();
            Member me = requireMember(h, conversationId, actorId);
            if (!me.isRequest()) {
                throw ApiException.conflict("This conversation is not a message request.");
            }
            acceptIn(t, conversationId, actorId);
            return null;
        });
        return get(actorId, conversationId);
    }

    /** Moves the account's request to its inbox and tells the members; used by accept and by replying. */
    public void acceptIn(Transactions.Tx t, String conversationId, String accountId) {
        store.setFolder(t.handle(), conversationId, accountId, Member.INBOX);
        t.append(visibleMembers(t.handle(), conversationId), EventTypes.REQUEST_ACCEPTED, conversationId, null,
                clock.instant(), v -> Json.write(Map.of("account_id", accountId)));
    }

    /** Declining hides the request from the one who declined it; the sender is not told. */
    public void decline(String actorId, String conversationId) {
        String sender = tx.run(t -> {
            Member me = requireMember(t.handle(), conversationId, actorId);
            if (!me.isRequest()) {
                throw ApiException.conflict("This conversation is not a message request.");
            }
            store.setFolder(t.handle(), conversationId, actorId, Member.DECLINED);
            t.append(List.of(actorId), EventTypes.REQUEST_DECLINED, conversationId, null, clock.instant(),
                    v -> Json.write(Map.of("account_id", actorId)));
            return requireConversation(t.handle(), conversationId).createdBy();
        });
        if (sender != null && !sender.equals(actorId)) {
            limits.requestRefused(sender); // many declines pause the sender's new requests
        }
    }

    public record ReadState(String conversationId, long readSeq) {}

    /** Moves the caller's read pointer forward (never back); members who share receipts hear of it. */
    public ReadState markRead(String actorId, String conversationId, long seq) {
        // Checked here, not in a route: HTTP and the socket's read frame both come this way and
        // must refuse alike (the frame once took -1 silently, and ended a "mark as unread").
        if (seq < 0) {
            throw ApiException.validation("Field 'seq' must not be negative.");
        }
        return tx.run(t -> {
            Handle h = t.handle();
            Member me = requireMember(h, conversationId, actorId);
            Conversation c = requireConversation(h, conversationId);
            long target = Math.min(seq, c.lastSeq());
            if (states.clearMarkedUnread(h, conversationId, actorId)) { // reading ends "mark as unread"
                t.append(List.of(actorId), EventTypes.CONVERSATION_UPDATED, conversationId, null, clock.instant(),
                        v -> Json.write(Map.of("marked_unread", false)));
            }
            if (target <= me.readSeq()) {
                return new ReadState(conversationId, me.readSeq());
            }
            store.advanceRead(h, conversationId, actorId, target);
            List<Member> members = store.members(h, conversationId);
            Map<String, Account> people = views.accountsOf(members);
            Account reader = people.get(actorId);
            // Reading a request one has not accepted is never shown to its sender.
            List<String> told = me.isRequest() ? List.of(actorId) : members.stream().filter(Member::sees)
                    .filter(m -> views.sharesReceipts(reader, people.get(m.accountId())))
                    .map(Member::accountId).toList();
            t.append(told, EventTypes.READ_UPDATED, conversationId, target, clock.instant(),
                    v -> Json.write(Map.of("account_id", actorId, "read_seq", target)));
            return new ReadState(conversationId, target);
        });
    }

    /** The members of a conversation the caller is in (404 otherwise), for typing signals. */
    public List<Member> membersForSignal(String accountId, String conversationId) {
        return db.read(h -> {
            requireMember(h, conversationId, accountId);
            return store.members(h, conversationId);
        });
    }

    public List<String> sharedWith(String accountId) {
        return db.read(h -> store.sharedWith(h, accountId));
    }
}
