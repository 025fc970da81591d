package dev.parley.event;

import dev.parley.store.Database;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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

    public Transactions(Database db, EventStore events, EventSink sink) {
        this.db = db;
        this.events = events;
        this.sink = sink;
    }

    public <T> T run(Function<Tx, T> work) {
        List<Event> appended = new ArrayList<>();
        T result = db.write(h -> work.apply(new Tx(h, appended)));
        if (!appended.isEmpty()) {
            sink.committed(appended);
        }
        return result;
    }

    /** One transaction in progress: its handle, and the events it will publish. */
    public final class Tx {
        private final Handle handle;
        private final List<Event> appended;

        private Tx(Handle handle, List<Event> appended) {
            this.handle = handle;
            this.appended = appended;
        }

        public Handle handle() {
            return handle;
        }

        public List<Event> append(Collection<String> accountIds, String type, String conversationId, Long seq,
                                  Instant at, Function<String, String> data) {
            List<Event> e = events.append(handle, accountIds, type, conversationId, seq, at, data);
            appended.addAll(e);
            return e;
        }
    }
}
