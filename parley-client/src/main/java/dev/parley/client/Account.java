package dev.parley.client;

import java.time.Instant;

/**
 * The caller's own account ({@code GET /me}).
 *
 * @param preferredName what to call them, or null when they did not say
 * @param kind          {@code person} or {@code business}
 */
public record Account(String id, String handle, String displayName, String preferredName, String kind,
                      boolean verified, boolean admin, Instant createdAt, Settings settings) {}
