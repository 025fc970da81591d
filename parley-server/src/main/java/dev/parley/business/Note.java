package dev.parley.business;

import java.time.Instant;

/** An internal note on a customer conversation: the business's agents see it, the customer never. */
public record Note(String id, String conversationId, String authorId, String authorName, String text,
                   Instant createdAt) {}
