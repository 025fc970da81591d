package dev.parley.lifecycle;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node starts and must stop, in one list. Each feature's module registers the parts it
 * builds as it builds them; the node starts them in registration order once everything is wired,
 * and stops them in reverse, so a part is stopped before what it uses (the store, registered
 * first, closes last).
 *
 * @implNote A part that fails to stop is logged and the rest still stop: a stuck socket must not
 * keep the store open. Stopping twice does nothing the second time. Every registered part is
 * stopped, started or not (a start that failed, or one never reached), so a part's stop must be
 * safe on a part that was only built.
 */
public final class Lifecycle implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

    /** Something that begins work (threads, a listening socket) only once the node is wired. */
    @FunctionalInterface
    public interface Startable {
        void start() throws Exception;
    }

    private record Part(String name, Startable start, AutoCloseable stop) {}

    private final List<Part> parts = new ArrayList<>();
    private boolean started;
    private boolean stopped;

    /** Registers a part that needs stopping only (it began its work when it was built). */
    public synchronized <T extends AutoCloseable> T own(String name, T part) {
        parts.add(new Part(name, null, part));
        return part;
    }

    /** Registers a part started by {@link #start()} and stopped by {@link #close()}. */
    public synchronized void add(String name, Startable start, AutoCloseable stop) {
        parts.add(new Part(name, start, stop));
    }

    /** Starts the registered parts in order; a part that fails to start stops the node. */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        for (Part p : parts) {
            if (p.start() == null) {
                continue;
            }
            try {
                p.start().start();
            } catch (RuntimeException e) {
                close(); // what started before it stops again: a node that failed to start holds nothing
                throw e;
            } catch (Exception e) {
                close();
                throw new IllegalStateException("starting " + p.name() + " failed", e);
            }
        }
    }

    /** Stops every part in reverse order of registration, logging those that fail. */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        for (int i = parts.size() - 1; i >= 0; i--) {
            Part p = parts.get(i);
            try {
                p.stop().close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed", p.name(), e);
            }
        }
    }
}
