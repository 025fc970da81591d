package dev.parley.client;

import java.time.Instant;

/** An external bot of a business: where its webhooks go. Its token and secret are never shown again. */
public record Bot(String id, String name, String url, Instant createdAt) {}
