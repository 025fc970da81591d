package dev.parley.client;

/** A conversation a business opened, with its first message. */
public record Outreach(Conversation conversation, Message message) {}
