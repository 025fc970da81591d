package dev.parley.event;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one sink a node's transactions report to: delivery first (sockets and other nodes), then
 * the listeners feature modules add at wiring (webhooks, the business inbox's intake, automatic replies).
 * Listeners run on the committing thread, so each must only queue its work and return.
 */
public final class EventListeners implements EventSink {
    private final EventSink delivery;
    private final List<EventSink> listeners = new CopyOnWriteArrayList<>();

    public EventListeners(EventSink delivery) {
        this.delivery = delivery;
    }

    public void add(EventSink listener) {
        listeners.add(listener);
    }

    @Override
    public void committed(List<Event> events) {
        delivery.committed(events);
        for (EventSink l : listeners) {
            l.committed(events);
        }
    }
}
