package dev.parley.filters;

import dev.parley.text.Disguises;
import java.text.Normalizer;
import java.util.Locale;

/**
 * Text as the word filters compare it: lower case, accents dropped, each run of one repeated
 * letter or digit made one ("Fréeee" → "fre"), and everything else one space, with a space at
 * either end, so that a word matches only whole ("ass" is not found in "class") and a phrase
 * matches across any punctuation or spacing. Both a filter's words and a message go through it;
 * the price of the repeated-letter rule is that "book" and "bok" are one word to the filter. Disguised letters
 * ({@link Disguises}: fullwidth, invisible inside a word, Cyrillic or Greek lookalikes, spelled out one by one) are
 * read as what they show.
 */
final class Normalized {
    private Normalized() {}

    static String of(CharSequence text) {
        return plain(Disguises.undo(text.toString())); // "ｆｒｅｅ", "frее" with Cyrillic "е", "f r e e"
    }

    /** A text whose disguises are undone already. */
    static String plain(String undone) {
        String lower = undone.toLowerCase(Locale.ROOT);
        String plain = ascii(lower) ? lower : Normalizer.normalize(lower, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(plain.length() + 2).append(' ');
        int last = ' ';
        for (int i = 0; i < plain.length(); ) {
            int c = plain.codePointAt(i);
            i += Character.charCount(c);
            int type = Character.getType(c);
            if (type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                    || type == Character.ENCLOSING_MARK) {
                continue; // an accent, split off by NFD
            }
            if (Character.isLetterOrDigit(c)) {
                if (c != last) {
                    out.appendCodePoint(c);
                    last = c;
                }
            } else if (last != ' ') {
                out.append(' ');
                last = ' ';
            }
        }
        if (last != ' ') {
            out.append(' ');
        }
        return out.toString();
    }

    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
