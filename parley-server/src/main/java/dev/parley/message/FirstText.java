package dev.parley.message;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The words a message was first sent with, as a digest kept when it is first edited or unsent (the
 * text itself is gone then): a send that reuses the message's client_id is its retry only with those
 * words. Computed on the thread of the edit or unsend, or of a retry that meets a changed message;
 * an ordinary send computes none.
 */
final class FirstText {
    private FirstText() {}

    static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** The digest to keep as {@code before} changes: its first words, unless it was changed already (null: keep what is kept). */
    static String keptAs(Message before) {
        return before.deleted() || before.edited().isPresent() ? null : digest(before.text());
    }
}
