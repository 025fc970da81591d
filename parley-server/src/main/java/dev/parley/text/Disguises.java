package dev.parley.text;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text as a reader sees it, with the tricks that hide words from a machine undone: fullwidth and "mathematical"
 * letters ("ＳＡＬＥ", "𝐒𝐀𝐋𝐄") made plain (NFKC), invisible characters between letters dropped (zero-width
 * spaces and joiners, soft hyphens, bidi controls), and, in a text written mostly in Latin letters, the Cyrillic
 * and Greek letters drawn like Latin ones read as those ("sаle" with a Cyrillic "а"). A text mostly in Cyrillic or
 * Greek keeps its letters. Letters spelled out one by one ("S A L E", "c.r.y.p.t.o") are read as the word they spell.
 * Only for reading (the promotion check, hidden words, word filters): the message is stored and shown as written.
 * {@link #digitsAsLetters} reads words written with digits for letters ("fr33", "0ff").
 *
 * <p>A brand could otherwise pass a promotion past the consent rule and the weekly cap by writing it so:
 * on the ten blind promotion sets such text was caught about half the time (docs/BUSINESS-MODELS.md).
 */
public final class Disguises {
    /** Cyrillic and Greek letters and the Latin letters they are drawn as, at the same places. */
    private static final String LOOKALIKES = "аеорсухіјѕԁӏԛԝвкмнтАВЕКМНОРСТХУІЈЅαορνικτυχεΑΒΕΖΗΙΚΜΝΟΡΤΥΧ";
    private static final String LATIN = "aeopcyxijsdlqwbkmhtABEKMHOPCTXYIJSaopviktuxeABEZHIKMNOPTYX";

    /**
     * Three or more lone letters with the same separator between each: one or two spaces, dots, dashes, underscores,
     * stars, middle dots or bullets ("F R E E", "c.r.y.p.t.o", "S - A - L - E" is " - " each time). Only the same
     * separator throughout and three letters at least, so "a.m.", "e.g." and "Q & A" stay as written.
     */
    private static final Pattern SPELLED_OUT = Pattern.compile(
            "(?<![\\p{L}\\p{N}])\\p{L}( {1,2}| {0,2}[.\\-_*·•] {0,2})\\p{L}(?:\\1\\p{L})+(?![\\p{L}\\p{N}])");
    /** A word that may have digits or signs among its letters: a run of letters, digits, "@" and "$". */
    private static final Pattern MIXED_WORD = Pattern.compile("[\\p{L}\\p{N}@$]+");
    /** Digits or signs after a number that say what it counts ("4pm", "2nd", "10kg"): never letters in disguise. */
    private static final Pattern AMOUNT = Pattern.compile(
            "\\d+(am|pm|st|nd|rd|th|s|k|m|h|x|g|kg|km|cm|mm|ml|l|lb|lbs|oz|ft|in|mb|gb|tb|hr|hrs|min|mins|yr|yrs|mo|wk|wks|p|pc|pcs|d)",
            Pattern.CASE_INSENSITIVE);
    private static final String DIGITS = "013457@$";
    private static final String AS_LETTERS = "oieastas";

    private Disguises() {}

    public static String undo(String text) {
        if (text.chars().allMatch(c -> c < 0x80)) {
            return spelledOut(text); // plain ASCII, as most messages are: only spelling out can hide a word
        }
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC);
        StringBuilder out = new StringBuilder(s.length());
        int latin = 0;
        int lookalike = 0;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (Character.getType(c) == Character.FORMAT) {
                continue; // zero-width characters, soft hyphens, bidi controls: they draw nothing
            }
            Character.UnicodeScript script = Character.isLetter(c) ? Character.UnicodeScript.of(c) : null;
            if (script == Character.UnicodeScript.LATIN) {
                latin++;
            } else if (script == Character.UnicodeScript.CYRILLIC || script == Character.UnicodeScript.GREEK) {
                lookalike++;
            }
            out.appendCodePoint(c);
        }
        if (lookalike > 0 && lookalike < latin) {
            for (int i = 0; i < out.length(); i++) {
                int at = LOOKALIKES.indexOf(out.charAt(i));
                if (at >= 0) {
                    out.setCharAt(i, LATIN.charAt(at));
                }
            }
        }
        return spelledOut(out.toString());
    }

    /**
     * The ways a reader may read a text, for matching words a person or an administrator chose: as {@link #undo}
     * reads it, and, when some word in it is written with digits for letters ("crypt0"), also with those read as
     * letters, whatever word they make ("b4" may be a seat, so never instead of the first reading).
     */
    public static List<String> readings(String text) {
        String plain = undo(text);
        String asLetters = digitsAsLetters(plain, w -> true);
        return asLetters.equals(plain) ? List.of(plain) : List.of(plain, asLetters);
    }

    /** "F R E E delivery" as "FREE delivery". */
    static String spelledOut(String text) {
        Matcher m = SPELLED_OUT.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            String letters = m.group().replace(m.group(1), "");
            m.appendReplacement(out, Matcher.quoteReplacement(letters));
        } while (m.find());
        return m.appendTail(out).toString();
    }

    /**
     * The text with digits and signs among a word's letters read as the letters they are drawn for (0 o, 1 i, 3 e,
     * 4 a, 5 s, 7 t, @ a, $ s: "fr33" "free", "0ff" "off", "c@sh" "cash") where {@code isWord} takes the result
     * (lower case) for a word; the text itself when nothing is so written. A number with its unit ("4pm", "2nd",
     * "10kg") stays. A caller matching words a person chose reads it beside the text ({@link #readings}); the
     * promotion check reads it instead, with only the words its sentence model knows whole.
     */
    public static String digitsAsLetters(String text, Predicate<String> isWord) {
        Matcher m = MIXED_WORD.matcher(text);
        StringBuilder out = null;
        while (m.find()) {
            String w = m.group();
            if (!hasDigitForLetter(w) || w.chars().noneMatch(Character::isLetter) || AMOUNT.matcher(w).matches()) {
                continue;
            }
            boolean capitals = w.chars().filter(Character::isLetter).allMatch(Character::isUpperCase); // "FR33" is "FREE"
            StringBuilder read = new StringBuilder(w.length());
            for (int i = 0; i < w.length(); i++) {
                int at = DIGITS.indexOf(w.charAt(i));
                char letter = at >= 0 ? AS_LETTERS.charAt(at) : w.charAt(i);
                read.append(at >= 0 && capitals ? Character.toUpperCase(letter) : letter);
            }
            String candidate = read.toString();
            if (candidate.chars().allMatch(Character::isLetter) && isWord.test(candidate.toLowerCase(Locale.ROOT))) {
                if (out == null) {
                    out = new StringBuilder(text.length());
                }
                m.appendReplacement(out, Matcher.quoteReplacement(candidate));
            }
        }
        return out == null ? text : m.appendTail(out).toString();
    }

    private static boolean hasDigitForLetter(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (DIGITS.indexOf(word.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }
}
