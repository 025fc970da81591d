package dev.parley.business;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What to call someone by their first name, if anything: their preferred name when they set one;
 * else the first word of their display name when it is plainly a given name; else nothing, and a
 * template's fallback applies.
 *
 * <p>"Plainly" means: at least two letters (a hyphen or apostrophe may join them: "Jean-Luc",
 * "O'Neil"), not a title ("Dr", "Mrs" …; "Dr." fails anyway, for its dot), and not in a script
 * whose names don't start with the given name or don't separate words by spaces (Chinese,
 * Japanese, Korean, Thai …): the first "word" of "王小明" or "Dr. 王" is no first name.
 */
public final class FirstNames {
    private static final Set<String> TITLES = Set.of("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam",
            "dame", "lord", "lady", "rev", "fr", "sr", "jr", "herr", "frau", "mme", "mlle", "sra");
    private static final Set<Character.UnicodeScript> UNSPACED = Set.of(Character.UnicodeScript.HAN,
            Character.UnicodeScript.HIRAGANA, Character.UnicodeScript.KATAKANA, Character.UnicodeScript.HANGUL,
            Character.UnicodeScript.BOPOMOFO, Character.UnicodeScript.THAI, Character.UnicodeScript.LAO,
            Character.UnicodeScript.KHMER, Character.UnicodeScript.MYANMAR, Character.UnicodeScript.TIBETAN,
            Character.UnicodeScript.YI);

    private FirstNames() {}

    public static Optional<String> of(Optional<String> preferredName, String displayName) {
        Optional<String> preferred = preferredName.map(String::strip).filter(s -> !s.isEmpty());
        if (preferred.isPresent()) {
            return preferred;
        }
        if (displayName == null || displayName.isBlank()) {
            return Optional.empty();
        }
        String first = displayName.strip().split("\\s+", 2)[0];
        return plainWord(first) ? Optional.of(first) : Optional.empty();
    }

    static boolean plainWord(String w) {
        int[] cps = w.codePoints().toArray();
        if (cps.length < 2 || TITLES.contains(w.toLowerCase(Locale.ROOT))) {
            return false;
        }
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            boolean joiner = (c == '-' || c == '\'' || c == '\u2019') && i > 0 && i < cps.length - 1
                    && Character.isLetter(cps[i - 1]) && Character.isLetter(cps[i + 1]);
            if (joiner) {
                continue;
            }
            if (!Character.isLetter(c) || UNSPACED.contains(Character.UnicodeScript.of(c))) {
                return false;
            }
        }
        return true;
    }
}
