package dev.parley.message;

import dev.parley.http.ApiException;
import dev.parley.text.Visible;

/** What a message's fields must be, checked before anything is written: by sends, edits and the business routes alike. */
public final class MessageInput {
    private MessageInput() {}

    public static String validClientId(String clientId) {
        // Counted in code points, as every other length: 33 emoji are 33 characters, not 66.
        if (clientId == null || clientId.isEmpty() || clientId.codePointCount(0, clientId.length()) > 64) {
            throw ApiException.validation("Field 'client_id' is required: 1 to 64 characters, unique per message.");
        }
        return clientId;
    }

    public static String validText(String text) {
        if (text == null) {
            throw ApiException.validation("Field 'text' is required.");
        }
        int n = text.codePointCount(0, text.length());
        if (n > MessageService.MAX_TEXT) {
            throw ApiException.validation("A message holds at most " + MessageService.MAX_TEXT + " characters (this one has " + n + ").");
        }
        if (!Visible.any(text)) {
            // Zero-width spaces, a variation selector alone, fillers: an empty bubble, as a blank text would be.
            throw ApiException.validation("Field 'text' needs at least one visible character.");
        }
        return text;
    }

    /** The text beside attachments: may be empty (or absent), else the same rules as a message's text. */
    public static String validCaption(String text) {
        return text == null || text.isEmpty() ? "" : validText(text);
    }

    /** One emoji in its stored form ({@link Emoji#canonical}): ❤ and ❤️ are the same reaction. */
    public static String validEmoji(String emoji) {
        if (!Emoji.isOne(emoji)) {
            throw ApiException.validation("A reaction is one emoji (any, skin tones, flags and sequences included).");
        }
        return Emoji.canonical(emoji);
    }
}
