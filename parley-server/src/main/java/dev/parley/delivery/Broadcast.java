package dev.parley.delivery;

import dev.parley.event.Event;
import java.util.List;
import java.util.function.Consumer;

/**
 * Carries nudges between the nodes of a cluster: "these accounts have new events", and ephemeral
 * frames (typing, presence) for accounts whose sockets may be elsewhere. A nudge is not the truth:
 * it may carry the events themselves, so a node can push them to its sockets without reading the
 * store, but a node that misses one, or sees a gap in an account's tokens, pulls the events from
 * the store; so a lost nudge delays delivery and never loses it. Each signal names the node that
 * sent it, and a node ignores its own.
 */
public interface Broadcast extends AutoCloseable {

    sealed interface Signal permits NewEvents, Frame, BlocksChanged, Unseated, Resync, AccessRevoked, CloseSockets,
            AppsChanged {
        String node();
    }

    /**
     * The accounts have events past what their sockets elsewhere have seen.
     *
     * @param events the committed events themselves, or empty when they were too many to carry
     *               (then a node with sockets for these accounts reads them from the store)
     */
    record NewEvents(String node, List<String> accountIds, List<Event> events) implements Signal {}

    /** A serialized frame for the given accounts' sockets (typing, presence). */
    record Frame(String node, List<String> accountIds, String json) implements Signal {}

    /** An account's blocks changed: drop its cached blocks. (Revoked tokens travel as {@link AccessRevoked}.) */
    record BlocksChanged(String node, String accountId) implements Signal {}

    /**
     * An app's secret was rotated or the app revoked, or its tokens revoked before a time: drop every
     * cached app credential (published by the node that made the change, or by the admin CLI).
     */
    record AppsChanged(String node) implements Signal {}

    /** A person is no longer an agent of a business: their sockets acting for it close on every node. */
    record Unseated(String node, String businessId, String personId) implements Signal {}

    /**
     * Access ended: every node drops the cached tokens and closes the sockets it matches (see
     * {@link Revocations}). Exactly one of three shapes: a token ({@code tokenHash}); an account's
     * every token ({@code accountId}); an account's tokens issued before {@code issuedBeforeMillis}.
     */
    record AccessRevoked(String node, String tokenHash, String accountId, Long issuedBeforeMillis) implements Signal {}

    /** These sockets (by {@code node/session} id, on whichever node holds them) close with {@code code}. */
    record CloseSockets(String node, List<String> socketIds, int code) implements Signal {}

    /**
     * Signals may have been lost (the link between nodes was down): pull every socket's events from
     * the store and drop cached tokens and blocks. Raised locally by a broadcast that reconnected.
     */
    record Resync(String node) implements Signal {}

    void publish(Signal signal);

    /** Signals from other nodes only. */
    void subscribe(Consumer<Signal> listener);

    @Override
    void close();
}
