package dev.parley.event;

import java.util.List;

/**
 * Hears events after their transaction committed, never before: sockets, other nodes, bots.
 * Events of one account arrive in token order per call; calls may interleave across threads.
 */
@FunctionalInterface
public interface EventSink {
    void committed(List<Event> events);
}
