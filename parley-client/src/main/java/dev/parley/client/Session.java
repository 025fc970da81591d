package dev.parley.client;

/**
 * A signed-in session: the account and its bearer token. Hand it to {@link ParleyClient#as(Session)}
 * for a client that acts as that account.
 */
public record Session(Account account, String token) {}
