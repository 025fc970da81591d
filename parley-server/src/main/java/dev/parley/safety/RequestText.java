package dev.parley.safety;

import dev.parley.text.Disguises;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The normalised form of a request's text, so trivial variations of one spam text still match:
 * disguised letters read as they show ({@link Disguises}: fullwidth, invisible, lookalike, spelled
 * out, digits for letters), lower case, links replaced by one token, digits dropped, punctuation and
 * spacing collapsed. Only a digest of it is kept as a bucket key.
 */
public final class RequestText {
    private static final Pattern LINK = Pattern.compile("(?:https?://|www\\.)\\S+|\\b[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)*\\.[a-z]{2,}(?:/\\S*)?");
    private static final Pattern DIGITS = Pattern.compile("\\p{N}+");
    private static final Pattern NOISE = Pattern.compile("[^\\p{L}]+");

    private RequestText() {}

    public static String normalise(String text) {
        // "c\u200Brypto", "сrypto" with a Cyrillic "с", "c r y p t o", "crypt0": one text to the people it is sent to
        String s = Disguises.digitsAsLetters(Disguises.undo(text), w -> true).toLowerCase(Locale.ROOT);
        s = LINK.matcher(s).replaceAll(" link ");
        s = DIGITS.matcher(s).replaceAll(" ");
        return NOISE.matcher(s).replaceAll(" ").strip();
    }

    static String fingerprint(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(normalise(text).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
