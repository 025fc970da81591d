package dev.parley.delivery;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Broadcast inside one JVM: a single node needs nothing more, and several nodes started in one
 * test share one instance to behave as a cluster. Listeners never hear their own node's signals.
 */
public final class LocalBroadcast implements Broadcast {
    private final List<Entry> listeners = new CopyOnWriteArrayList<>();
    private final String node;
    private final LocalBroadcast shared;

    private record Entry(String node, Consumer<Signal> listener) {}

    /** A new bus; each node joins it through {@link #forNode}. */
    public LocalBroadcast() {
        this.node = "";
        this.shared = this;
    }

    private LocalBroadcast(LocalBroadcast shared, String node) {
        this.node = node;
        this.shared = shared;
    }

    /** A view of this bus for one node: it publishes as that node and hears only the others. */
    public LocalBroadcast forNode(String nodeId) {
        return new LocalBroadcast(this, nodeId);
    }

    @Override
    public void publish(Signal signal) {
        for (Entry e : shared.listeners) {
            if (!e.node().equals(signal.node())) {
                e.listener().accept(signal);
            }
        }
    }

    @Override
    public void subscribe(Consumer<Signal> listener) {
        shared.listeners.add(new Entry(node, listener));
    }

    @Override
    public void close() {
        shared.listeners.removeIf(e -> e.node().equals(node));
    }
}
