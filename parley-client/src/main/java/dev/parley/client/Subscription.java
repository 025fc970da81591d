package dev.parley.client;

/** Whether the caller opted in to a business's promotional messages. */
public record Subscription(String businessId, boolean subscribed) {}
