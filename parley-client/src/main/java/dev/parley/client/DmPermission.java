package dev.parley.client;

/**
 * Whether the caller may message an account now, and why not.
 *
 * @param code    when refused, the rule that refused ({@code blocked}, {@code like_required},
 *                {@code not_followed}, {@code dms_closed}, {@code request_pending}), else null
 * @param detail  words to show, or null
 * @param landsIn {@code inbox} or {@code requests} when allowed, else null
 */
public record DmPermission(boolean allowed, String code, String detail, String landsIn) {}
