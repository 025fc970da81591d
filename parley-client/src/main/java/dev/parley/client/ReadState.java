package dev.parley.client;

/** Where the caller's read pointer stands in a conversation; it never moves back. */
public record ReadState(String conversationId, long readSeq) {}
