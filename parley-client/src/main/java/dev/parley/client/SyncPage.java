package dev.parley.client;

import java.util.List;

/**
 * Events after a token, in order.
 *
 * @param next    the token to sync from next time (also when {@code events} is empty)
 * @param hasMore more events are waiting: sync again from {@code next} right away
 */
public record SyncPage(List<Event> events, String next, boolean hasMore) {}
