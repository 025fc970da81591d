package dev.parley.account;

import dev.parley.account.AccountStore.Edge;
import dev.parley.http.ApiException;
import dev.parley.policy.Facts;
import dev.parley.policy.Party;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Follows, likes and blocks, and the profile one account sees of another. Blocks are read on
 * every typing and presence signal, so each account's blocks (both ways) are cached and dropped
 * when they change.
 */
public final class GraphService implements Facts {
    private final AccountStore store;
    private final Map<String, Set<String>> blockCache = new ConcurrentHashMap<>();
    /** Counts block changes, so a read that raced one is not cached. */
    private final AtomicLong blockChanges = new AtomicLong();
    private final Consumer<String> onBlockChange;
    private final List<Consumer<String>> blockListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final Consumer<String> handleLookups;

    /**
     * @param onBlockChange hears each account whose blocks changed (the cluster tells other nodes)
     * @param handleLookups told the viewer's id before each look-up by handle (a limit may refuse it)
     */
    public GraphService(AccountStore store, Consumer<String> onBlockChange, Consumer<String> handleLookups) {
        this.store = store;
        this.onBlockChange = onBlockChange;
        this.handleLookups = handleLookups;
    }

    /**
     * Resolves {@code @handle}, a handle, or an id; a target that blocked the viewer, that lives in
     * another network (another app's users), or that was erased, is not found.
     */
    public Account resolve(String viewerId, String handleOrId) {
        String key = handleOrId.startsWith("@") ? handleOrId.substring(1) : handleOrId;
        boolean byId = key.contains("-");
        if (!byId) {
            // Handles can be guessed and ids cannot: only look-ups by handle tell who exists.
            handleLookups.accept(viewerId);
        }
        Optional<Account> viewer = store.byId(viewerId);
        // A handle is looked up in the viewer's network only: the same handle may name someone else
        // in another network, and that one must stay unknown here.
        Optional<Account> found = byId ? store.byId(key) : viewer.flatMap(v -> store.byHandle(v.network(),
                key.toLowerCase(java.util.Locale.ROOT)));
        Account a = found.orElseThrow(() -> ApiException.notFound("account"));
        if (!a.id().equals(viewerId) && !viewer.map(a::sameNetwork).orElse(false)) {
            throw ApiException.notFound("account");
        }
        if (!a.id().equals(viewerId) && store.hasEdge(Edge.BLOCK, a.id(), viewerId)) {
            throw ApiException.notFound("account");
        }
        // An erased account is a tombstone: by handle or id, to follow, block, report or message, it
        // is as if it never existed.
        if (!a.id().equals(viewerId) && store.isTombstone(a)) {
            throw ApiException.notFound("account");
        }
        return a;
    }

    public Views.Profile profile(String viewerId, Account a) {
        return new Views.Profile(a.id(), a.handle(), a.displayName(), a.kind(), a.verified(),
                store.countInbound(Edge.FOLLOW, a.id()),
                store.hasEdge(Edge.FOLLOW, viewerId, a.id()),
                store.hasEdge(Edge.FOLLOW, a.id(), viewerId),
                a.isBusiness() && store.hasEdge(Edge.LIKE, viewerId, a.id()),
                store.hasEdge(Edge.BLOCK, viewerId, a.id()));
    }

    public void follow(String from, Account to) {
        notSelf(from, to, "follow");
        if (blockedEitherWay(from, to.id())) {
            throw ApiException.forbidden("blocked", "You can't follow @" + to.handle() + ".");
        }
        store.addEdge(Edge.FOLLOW, from, to.id());
    }

    public void unfollow(String from, Account to) {
        store.removeEdge(Edge.FOLLOW, from, to.id());
    }

    public void like(String from, Account to) {
        if (!to.isBusiness()) {
            throw ApiException.validation("Only business pages can be liked; @" + to.handle() + " is a person.");
        }
        store.addEdge(Edge.LIKE, from, to.id());
    }

    public void unlike(String from, Account to) {
        if (!to.isBusiness()) {
            throw ApiException.validation("Only business pages can be liked; @" + to.handle() + " is a person.");
        }
        store.removeEdge(Edge.LIKE, from, to.id());
    }

    /** Blocking also ends follows both ways, as the networks do. */
    public void block(String from, Account to) {
        notSelf(from, to, "block");
        store.addEdge(Edge.BLOCK, from, to.id());
        store.removeEdge(Edge.FOLLOW, from, to.id());
        store.removeEdge(Edge.FOLLOW, to.id(), from);
        blocksChanged(from, to.id());
    }

    public void unblock(String from, Account to) {
        store.removeEdge(Edge.BLOCK, from, to.id());
        blocksChanged(from, to.id());
    }

    public List<String> blockedBy(String accountId, String afterId, int limit) {
        return store.outbound(Edge.BLOCK, accountId, afterId, limit);
    }

    private void blocksChanged(String a, String b) {
        blocksChanged(List.of(a, b));
    }

    /** Blocks of these accounts changed outside this service (an app's graph): caches here and on other nodes drop them. */
    public void blocksChanged(java.util.Collection<String> accountIds) {
        for (String id : accountIds) {
            forgetBlocks(id);
            onBlockChange.accept(id);
        }
        for (String id : accountIds) {
            blockListeners.forEach(l -> l.accept(id));
        }
    }

    /**
     * Hears each account whose blocks changed on this node, once the caches forgot them (the live
     * presence, built after this service, stops at once across a new block).
     */
    public void onBlocksChanged(Consumer<String> listener) {
        blockListeners.add(listener);
    }

    public void forgetBlocks(String accountId) {
        blockChanges.incrementAndGet();
        blockCache.remove(accountId);
    }

    /** Drops every cached block list: changes may have been missed (the cluster's link was down). */
    public void forgetAllBlocks() {
        blockChanges.incrementAndGet();
        blockCache.clear();
    }

    private static void notSelf(String from, Account to, String verb) {
        if (from.equals(to.id())) {
            throw ApiException.validation("You can't " + verb + " yourself.");
        }
    }

    // --- Facts, for the policy and for delivery ---

    @Override
    public Optional<Party> party(String accountId) {
        return store.byId(accountId).map(a -> new Party(a.id(), a.handle(), a.isBusiness(), a.dmPolicy()));
    }

    @Override
    public boolean follows(String followerId, String followeeId) {
        return store.hasEdge(Edge.FOLLOW, followerId, followeeId);
    }

    @Override
    public boolean likes(String accountId, String businessId) {
        return store.hasEdge(Edge.LIKE, accountId, businessId);
    }

    @Override
    public boolean blockedEitherWay(String a, String b) {
        return blocksOf(a).contains(b);
    }

    /** {@code blocker} blocked {@code blocked} (one way; the cached either-way list answers the usual "no"). */
    @Override
    public boolean hasBlocked(String blocker, String blocked) {
        return blockedEitherWay(blocker, blocked) && store.hasEdge(Edge.BLOCK, blocker, blocked);
    }

    /** Every account that {@code accountId} blocked or was blocked by. */
    public Set<String> blocksOf(String accountId) {
        Set<String> known = blockCache.get(accountId);
        if (known != null) {
            return known;
        }
        // Read outside the map's lock: computeIfAbsent held a bin's lock across this read, so a
        // caller holding a reader connection and waiting for that lock, while the lock's holder
        // waited for a connection, stopped every send of a freshly started node (CrashTest).
        long changesBefore = blockChanges.get();
        Set<String> s = new HashSet<>(store.outbound(Edge.BLOCK, accountId, "", Integer.MAX_VALUE));
        s.addAll(store.inbound(Edge.BLOCK, accountId));
        Set<String> read = Set.copyOf(s);
        if (blockChanges.get() == changesBefore) {
            // Kept only if no block changed meanwhile: a read from before a change never outlives it
            // (a change between the check and the put takes the read back out).
            blockCache.putIfAbsent(accountId, read);
            if (blockChanges.get() != changesBefore) {
                blockCache.remove(accountId, read);
            }
        }
        return read;
    }
}
