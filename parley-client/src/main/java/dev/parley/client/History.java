package dev.parley.client;

import java.util.List;

/**
 * Messages of one conversation in ascending {@code seq}.
 *
 * @param hasMore more messages lie beyond this page in the direction asked (older for
 *                {@code before}, newer for {@code after})
 */
public record History(List<Message> items, boolean hasMore) {}
