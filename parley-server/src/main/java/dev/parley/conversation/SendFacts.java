package dev.parley.conversation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Handle;

/**
 * What every send checks, kept in memory: each conversation with its members, as the store holds
 * them. Only for a store that this node alone writes (SQLite): every write to a conversation or
 * its members goes through {@link ConversationStore} or the group commit, which tell this cache
 * once they commit. PostgreSQL nodes share their store, so there it is off and each send reads.
 *
 * @implNote Kept exact, not "fresh enough": a write that changes membership, a folder, a title
 * or a flag drops the entry (at once and again after its commit); the group commit's own writes
 * (last seq, last activity, the sender's read pointer) update it in place after commit, in commit
 * order (SQLite runs callbacks before the writer's lock is released). A loader's read could race
 * a commit, so an entry counts only once validated: the loader notes the change count before it
 * reads, stores its result as pending, and marks it valid only if nothing changed meanwhile; any
 * change drops pending entries. A change committing after validation reaches the entry like any
 * other. So a hit is what a read would have answered at some moment since the last commit, as
 * the read it replaces was.
 */
public final class SendFacts {
    private static final int LIMIT = 100_000;

    private record Entry(ConversationStore.WithMembers facts, boolean valid) {}

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();

    /** The cached conversation with its members, if known. */
    public Optional<ConversationStore.WithMembers> get(String conversationId) {
        Entry e = entries.get(conversationId);
        return e != null && e.valid() ? Optional.of(e.facts()) : Optional.empty();
    }

    /** Remembers what a read found, started when {@link #changeCount()} was {@code before}. */
    void loaded(String conversationId, ConversationStore.WithMembers facts, long before) {
        if (entries.size() > LIMIT) {
            entries.clear();
        }
        Entry pending = new Entry(facts, false);
        entries.put(conversationId, pending);
        if (changes.get() == before) {
            entries.replace(conversationId, pending, new Entry(facts, true));
        } else {
            entries.remove(conversationId, pending);
        }
    }

    long changeCount() {
        return changes.get();
    }

    /** A write in {@code h} changed the conversation or its members: forget it now and at commit. */
    void changed(Handle h, String conversationId) {
        forget(conversationId);
        if (h.isInTransaction()) {
            h.afterCommit(() -> forget(conversationId));
        }
    }

    private void forget(String conversationId) {
        changes.incrementAndGet();
        entries.remove(conversationId);
    }

    /**
     * The group commit in {@code h} set these conversations' last seq and activity, and moved
     * senders' read pointers ({@code readBy}: conversation → sender → seq): applied at commit.
     */
    public void sent(Handle h, Map<String, Long> lastSeq, Instant at, Map<String, Map<String, Long>> readBy) {
        h.afterCommit(() -> {
            changes.incrementAndGet();
            lastSeq.forEach((id, seq) -> entries.computeIfPresent(id, (k, e) -> e.valid()
                    ? new Entry(advanced(e.facts(), seq, at, readBy.getOrDefault(id, Map.of())), true)
                    : null));
        });
    }

    private static ConversationStore.WithMembers advanced(ConversationStore.WithMembers w, long seq, Instant at,
                                                         Map<String, Long> readBy) {
        Conversation c = w.conversation();
        Conversation now = new Conversation(c.id(), c.kind(), c.title(), c.createdBy(), c.createdAt(), at,
                Math.max(seq, c.lastSeq()));
        if (readBy.isEmpty()) {
            return new ConversationStore.WithMembers(now, w.members());
        }
        List<Member> members = new ArrayList<>(w.members().size());
        for (Member m : w.members()) {
            Long read = readBy.get(m.accountId());
            members.add(read == null || read <= m.readSeq() ? m
                    : new Member(m.conversationId(), m.accountId(), m.role(), m.folder(), read, m.muted(), m.joinedAt(),
                            m.mutedUntil()));
        }
        return new ConversationStore.WithMembers(now, List.copyOf(members));
    }
}
