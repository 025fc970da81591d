package dev.parley.message;

import java.util.Optional;

/**
 * Message ids carry their conversation and number ({@code m-<conversation>.<seq>}), so a message
 * is found by its primary key and the tables stay distributable by conversation. Clients must not
 * parse them; a malformed one is simply not found.
 */
public final class MessageIds {
    private MessageIds() {}

    public record Key(String conversationId, long seq) {}

    public static String of(String conversationId, long seq) {
        return "m-" + conversationId.substring(2) + "." + seq;
    }

    public static Optional<Key> parse(String id) {
        if (id == null || !id.startsWith("m-")) {
            return Optional.empty();
        }
        int dot = id.lastIndexOf('.');
        if (dot < 3 || dot == id.length() - 1 || id.length() > 60) {
            return Optional.empty();
        }
        try {
            long seq = Long.parseLong(id.substring(dot + 1));
            return seq > 0 ? Optional.of(new Key("c-" + id.substring(2, dot), seq)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
