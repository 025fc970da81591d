package dev.parley.app;

import java.time.Instant;

/**
 * A host app that embeds Parley: its users form a network of their own.
 *
 * @param tokensBefore the app's JWTs issued before this are refused (revoke-before for the whole app)
 */
public record App(String id, String name, boolean revoked, Instant tokensBefore, Instant createdAt) {}
