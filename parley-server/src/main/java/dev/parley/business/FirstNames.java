package dev.parley.business;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What to call someone by their first name, if anything: their preferred name when they set one;
 * else the first word of their display name when it is plainly a given name; else nothing, and a
 * template's fallback applies. A first word in capitals is given in name case ("ANNA" → "Anna").
 *
 * <p>"Plainly" means: not an everyday word or a placeholder ({@link #NOT_NAMES}), at least two
 * letters (a hyphen or apostrophe may join them: "Jean-Luc", "O'Neil"), not a title ("Dr", "Mrs" …; "Dr." fails anyway, for its dot), and not in a script
 * whose names don't start with the given name or don't separate words by spaces (Chinese,
 * Japanese, Korean, Thai …): the first "word" of "王小明" or "Dr. 王" is no first name.
 */
public final class FirstNames {
    private static final Set<String> TITLES = Set.of("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam",
            "dame", "lord", "lady", "rev", "fr", "sr", "jr", "herr", "frau", "mme", "mlle", "sra");
    /**
     * First words that are no given name: articles and pronouns ("the rock", "your name") and the
     * placeholders sign-up forms and imports leave ("Customer 123", "Guest", "Test User"): "Hi the!",
     * "Hi Customer!" read worse than the template's fallback.
     */
    private static final Set<String> NOT_NAMES = Set.of("the", "an", "my", "me", "mine", "your", "yours", "you",
            "we", "us", "our", "he", "him", "his", "she", "her", "it", "its", "they", "them", "their", "this", "that",
            "customer", "client", "user", "username", "guest", "visitor", "member", "test", "tester", "testing",
            "demo", "sample", "example", "dummy", "admin", "administrator", "anonymous", "anon", "unknown", "nobody",
            "someone", "somebody", "none", "null", "undefined", "name", "noname", "firstname", "first", "new",
            "default", "account", "support", "team", "info", "contact", "official", "real");
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
        if (!plainWord(first) || NOT_NAMES.contains(first.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return Optional.of(nameCase(first));
    }

    /**
     * A word in capitals ("ANNA" of "ANNA KOWALSKA") in name case ("Anna"; "MARY-JANE" → "Mary-Jane",
     * "D'ANGELO" → "D'Angelo"): "Hi ANNA!" shouts. Two letters are left alone: "JJ", "TJ" are initials.
     * A word in mixed or lower case is as its owner wrote it ("McDonald", "bell hooks").
     */
    static String nameCase(String w) {
        boolean capitals = w.codePointCount(0, w.length()) > 2 && w.equals(w.toUpperCase(Locale.ROOT))
                && !w.equals(w.toLowerCase(Locale.ROOT));
        if (!capitals) {
            return w;
        }
        StringBuilder out = new StringBuilder();
        boolean start = true;
        for (int c : w.toLowerCase(Locale.ROOT).codePoints().toArray()) {
            out.appendCodePoint(start ? Character.toTitleCase(c) : c);
            start = !Character.isLetter(c);
        }
        return out.toString();
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
