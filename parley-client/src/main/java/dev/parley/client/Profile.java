package dev.parley.client;

/**
 * Another account as the caller sees it.
 *
 * @param kind     {@code person} or {@code business}
 * @param youLike  whether the caller liked this business page (always false for a person)
 * @param youBlock whether the caller blocked it
 */
public record Profile(String id, String handle, String displayName, String kind, boolean verified,
                      long followersCount, boolean youFollow, boolean followsYou, boolean youLike,
                      boolean youBlock) {}
