package dev.parley.event;

import dev.parley.store.Database;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * Runs a write transaction that may append events, and hands those events to the sink only after
 * the commit succeeded: nobody hears of a message that could still roll back.
 */
public final class Transactions {
    private final Database db;
    private final EventStore events;
    private final EventSink sink;
    private final List<BeforeCommit> beforeCommit = new CopyOnWriteArrayList<>();

    public Transactions(Database db, EventStore events, EventSink sink) {
        this.db = db;
        this.events = events;
        this.sink = sink;
    }

    public <T> T run(Function<Tx, T> work) {
        List<Event> committed = new ArrayList<>();
        T result = db.write(h -> {
            Tx t = new Tx(h);
            T r = work.apply(t);
            committed.addAll(t.finish());
            return r;
        });
        publish(committed);
        return result;
    }

    /** Adds a write that goes into every transaction with events, after they are numbered (see {@link BeforeCommit}). */
    public void beforeCommit(BeforeCommit hook) {
        beforeCommit.add(hook);
    }

    /** Hands committed events to the sink (sockets, other nodes); for writers that commit themselves. */
    public void publish(List<Event> committed) {
        if (!committed.isEmpty()) {
            sink.committed(committed);
        }
    }

    /** A transaction for a writer that manages its own commit (group commit): call {@link Tx#finish} last. */
    public Tx open(Handle h) {
        return new Tx(h);
    }

    /** One transaction in progress: its handle, and the events it will publish once committed. */
    public final class Tx {
        private final Handle handle;
        private final List<EventStore.Pending> pending = new ArrayList<>();
        private final List<Appended> appended = new ArrayList<>();

        private Tx(Handle handle) {
            this.handle = handle;
        }

        public Handle handle() {
            return handle;
        }

        /**
         * Appends one event for each account (in the given order, duplicates dropped); tokens are
         * given when the transaction ends.
         *
         * @param data the event's JSON for each account (most events give every account the same)
         */
        public void append(Collection<String> accountIds, String type, String conversationId, Long seq,
                           Instant at, Function<String, String> data) {
            append(accountIds, type, conversationId, seq, at, data, null);
        }

        /**
         * As {@link #append(Collection, String, String, Long, Instant, Function)}, also handing the
         * {@link BeforeCommit} hooks the object the data was written from ({@code source}), so they
         * need not parse the JSON back.
         */
        public void append(Collection<String> accountIds, String type, String conversationId, Long seq,
                           Instant at, Function<String, String> data, Object source) {
            List<String> accounts = accountIds.stream().distinct().toList();
            String last = null;
            for (String account : accounts) {
                last = data.apply(account);
                pending.add(new EventStore.Pending(account, type, conversationId, seq, at, last));
            }
            if (!accounts.isEmpty()) {
                appended.add(new Appended(type, conversationId, seq, at, accounts, last, source));
            }
        }

        /** Numbers and inserts the appended events; the last step before commit. */
        public List<Event> finish() {
            List<Event> out = events.insert(handle, pending);
            List<Appended> told = List.copyOf(appended);
            pending.clear();
            appended.clear();
            if (!out.isEmpty()) {
                for (BeforeCommit hook : beforeCommit) {
                    hook.beforeCommit(handle, out, told);
                }
            }
            return out;
        }
    }
}
