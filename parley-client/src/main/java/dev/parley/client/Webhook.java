package dev.parley.client;

/** What a bot receives: one event of its business's log, as {@link Webhooks#read} decodes it. */
public record Webhook(String botId, String businessId, Event event) {}
