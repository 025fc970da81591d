package dev.parley.client;

import java.util.List;

/**
 * The caller's own settings.
 *
 * @param dmPolicy     who may start a DM: {@code everyone}, {@code following} (others arrive as
 *                     message requests where the rules have them) or {@code nobody}
 * @param readReceipts read state flows only between members who both have it on
 * @param hiddenWords  lower-cased words the caller chose not to see
 */
public record Settings(String dmPolicy, boolean readReceipts, List<String> hiddenWords) {
    public static final String EVERYONE = "everyone";
    public static final String FOLLOWING = "following";
    public static final String NOBODY = "nobody";
}
