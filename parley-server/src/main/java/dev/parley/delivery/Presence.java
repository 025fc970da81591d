package dev.parley.delivery;

import dev.parley.account.GraphService;
import dev.parley.conversation.ConversationService;
import dev.parley.conversation.Member;
import dev.parley.event.Event;
import dev.parley.event.EventTypes;
import dev.parley.http.ApiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who is online and who is typing. Ephemeral: nothing here touches the database's write path.
 * A person is online while any of their sockets is open; the people they share a conversation
 * with hear it, except those on either side of a block, who never see each other's presence or
 * typing.
 */
public final class Presence {
    private final Hub hub;
    private final ConversationService conversations;
    private final GraphService graph;
    private static final Set<String> INTRODUCING = Set.of(EventTypes.CONVERSATION_CREATED, EventTypes.REQUEST_ACCEPTED,
            EventTypes.MEMBER_ADDED);

    private final Map<String, AtomicInteger> sockets = new ConcurrentHashMap<>();
    /**
     * When each typist's "typing" last went out, per conversation. Clients repeat it while the person
     * types (the web client every 3 s; receivers show it for 6 s), so relaying more than one in
     * {@link #TYPING_EVERY_NANOS} tells nobody anything, and a socket flooding them would have every
     * frame fanned out to every member.
     */
    private final dev.parley.memo.Lru<String, Long> typingSent = new dev.parley.memo.Lru<>(100_000);
    static final long TYPING_EVERY_NANOS = 2_000_000_000L;
    private final Directory directory;
    private final Visibility visibility;

    /**
     * Who is online on the other nodes of a cluster. This node reports the people it holds a
     * socket for; the directory answers for everyone else.
     */
    public interface Directory extends AutoCloseable {
        void online(String personId);

        void offline(String personId);

        boolean elsewhere(String personId);

        /** Hears a person who went offline without a socket closing (their node died). */
        default void whenGone(java.util.function.Consumer<String> personOffline) {}

        /** Hears a person online again after this node was wrongly taken for dead. */
        default void whenBack(java.util.function.Consumer<String> personOnline) {}

        @Override
        default void close() {}

        /** One node: nobody is online elsewhere. */
        Directory NONE = new Directory() {
            @Override
            public void online(String personId) {}

            @Override
            public void offline(String personId) {}

            @Override
            public boolean elsewhere(String personId) {
                return false;
            }
        };
    }

    public Presence(Hub hub, ConversationService conversations, GraphService graph) {
        this(hub, conversations, graph, Directory.NONE);
    }

    public Presence(Hub hub, ConversationService conversations, GraphService graph, Directory directory) {
        this(hub, conversations, graph, directory, null);
    }

    /** @param visibility counts visible sockets for notifications; null when nobody asks */
    public Presence(Hub hub, ConversationService conversations, GraphService graph, Directory directory,
                    Visibility visibility) {
        this.visibility = visibility;
        this.hub = hub;
        this.conversations = conversations;
        this.graph = graph;
        this.directory = directory;
        directory.whenGone(id -> hub.sendFrame(visibleContacts(id), frame(id, false)));
        directory.whenBack(id -> hub.sendFrame(visibleContacts(id), frame(id, true)));
    }

    /**
     * A socket learns its contacts' presence when it connects; people who come to share a
     * conversation later (a new conversation, an accepted request, a member added) learn each
     * other's here, so an online dot does not wait for the next reconnect.
     */
    void introduce(List<Event> committed) {
        Map<String, String> memberOf = new LinkedHashMap<>(); // conversation -> one member who got the event
        for (Event e : committed) {
            if (INTRODUCING.contains(e.type()) && e.conversationId() != null) {
                memberOf.putIfAbsent(e.conversationId(), e.accountId());
            }
        }
        // Off the committing thread: this reads the members, and the write path must not wait for it.
        memberOf.forEach((conversationId, member) -> hub.onAccountThread(member, () -> {
            List<String> members;
            try {
                members = conversations.membersForSignal(member, conversationId).stream()
                        .filter(m -> Member.INBOX.equals(m.folder())).map(Member::accountId).toList();
            } catch (ApiException gone) {
                return; // the member left again before this ran: nobody new to introduce
            }
            for (String id : members) {
                if (isOnline(id)) {
                    var blocked = graph.blocksOf(id);
                    List<String> to = members.stream().filter(m -> !m.equals(id) && !blocked.contains(m)).toList();
                    hub.sendFrame(to, frame(id, true));
                }
            }
        }));
    }

    void connected(StreamSession s) {
        if (visibility != null) {
            visibility.connected(s);
        }
        int n = sockets.computeIfAbsent(s.personId, k -> new AtomicInteger()).incrementAndGet();
        List<String> contacts = visibleContacts(s.personId);
        if (n == 1) {
            directory.online(s.personId);
            hub.sendFrame(contacts, frame(s.personId, true));
        }
        // Tell the new socket who among its contacts is online now.
        for (String c : contacts) {
            if (isOnline(c)) {
                s.send(dev.parley.http.Json.write(frame(c, true)));
            }
        }
    }

    void disconnected(StreamSession s) {
        if (visibility != null) {
            visibility.disconnected(s);
        }
        AtomicInteger n = sockets.get(s.personId);
        if (n != null && n.decrementAndGet() <= 0) {
            sockets.remove(s.personId);
            directory.offline(s.personId);
            if (!directory.elsewhere(s.personId)) {
                hub.sendFrame(visibleContacts(s.personId), frame(s.personId, false));
            }
        }
    }

    /** The client shows or hides the socket ({@code visibility} frame): what the notification decision asks. */
    void visible(StreamSession s, boolean visible) {
        if (visibility != null) {
            visibility.set(s, visible);
        }
    }

    public boolean isOnline(String personId) {
        AtomicInteger n = sockets.get(personId);
        return n != null && n.get() > 0 || directory.elsewhere(personId);
    }

    private List<String> visibleContacts(String personId) {
        var blocked = graph.blocksOf(personId);
        return conversations.sharedWith(personId).stream().filter(c -> !blocked.contains(c)).toList();
    }

    /**
     * "X is typing" to the other members who accepted the conversation; a stranger's typing is
     * refused as not found.
     */
    void typing(StreamSession s, String conversationId) {
        String typist = s.logAccountId;
        var blocked = graph.blocksOf(typist);
        List<Member> members = conversations.membersForSignal(typist, conversationId);
        if (members.stream().anyMatch(m -> m.accountId().equals(typist) && m.isRequest())) {
            return; // typing in a request one hasn't accepted would tell its sender one is reading it
        }
        String key = typist + ' ' + conversationId;
        long now = System.nanoTime();
        Long last = typingSent.get(key);
        if (last != null && now - last < TYPING_EVERY_NANOS) {
            return; // the members heard it under two seconds ago: their indicator is still on
        }
        typingSent.put(key, now);
        // Only to members who took the conversation in: a request (pending, hidden or held) arrives
        // unannounced, so its sender's typing must not reach its recipient before they accept it.
        List<String> to = members.stream()
                .filter(m -> Member.INBOX.equals(m.folder()))
                .map(Member::accountId)
                .filter(id -> !id.equals(typist) && !blocked.contains(id))
                .toList();
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "typing");
        frame.put("conversation_id", conversationId);
        frame.put("account_id", typist);
        hub.sendFrame(to, frame);
    }

    /**
     * Someone's name, handle or picture changed: a {@code profile} frame to their contacts (as presence goes: those
     * sharing a conversation, neither side blocking) and to their own other devices, whose clients fetch the
     * profile again instead of showing the old name until a reload.
     */
    public void profileChanged(String accountId) {
        hub.onAccountThread(accountId, () -> {
            List<String> to = new java.util.ArrayList<>(visibleContacts(accountId));
            to.add(accountId);
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("type", "profile");
            f.put("account_id", accountId);
            hub.sendFrame(to, f);
        });
    }

    /**
     * An account's blocks changed: presence follows the block at once. Contacts now blocked either
     * way hear the account go offline (no presence frame would reach them again, so an open client
     * showed "Online" for good: the probe of 8 Dec); the others hear it online if it is (an unblock).
     * Called for both sides of a block, so each hears of the other.
     */
    public void blocksChanged(String accountId) {
        hub.onAccountThread(accountId, () -> {
            Set<String> blocked = graph.blocksOf(accountId);
            List<String> shared = conversations.sharedWith(accountId);
            hub.sendFrame(shared.stream().filter(blocked::contains).toList(), frame(accountId, false));
            if (isOnline(accountId)) {
                hub.sendFrame(shared.stream().filter(c -> !blocked.contains(c)).toList(), frame(accountId, true));
            }
        });
    }

    private static Map<String, Object> frame(String accountId, boolean online) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("type", "presence");
        f.put("account_id", accountId);
        f.put("online", online);
        return f;
    }
}
