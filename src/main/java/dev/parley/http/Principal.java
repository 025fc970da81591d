package dev.parley.http;

/** Who is calling: the signed-in account and the session that proved it. */
public record Principal(String accountId, String tokenHash, boolean admin) {}
