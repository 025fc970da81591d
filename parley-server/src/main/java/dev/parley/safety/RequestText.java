package dev.parley.safety;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The normalised form of a request's text, so trivial variations of one spam text still match:
 * compatibility-normalised, lower case, links replaced by one token, digits dropped, punctuation
 * and spacing collapsed. Only a digest of it is kept as a bucket key.
 */
public final class RequestText {
    private static final Pattern LINK = Pattern.compile("(?:https?://|www\\.)\\S+|\\b[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)*\\.[a-z]{2,}(?:/\\S*)?");
    private static final Pattern DIGITS = Pattern.compile("\\p{N}+");
    private static final Pattern NOISE = Pattern.compile("[^\\p{L}]+");

    private RequestText() {}

    public static String normalise(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
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
