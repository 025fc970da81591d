package dev.parley.automation;

import dev.parley.textmodel.WholeWords;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A customer's misspelt word read as the business's word it was meant to be ("how much is membrship"
 * → "membership") before the FAQ bot compares the question with the entries. The sentence model
 * breaks a word it does not know into pieces and loses its meaning, and a word the business never
 * wrote counts as what the question is about, so one slip made the bot hand over a question it could
 * answer (docs/BUSINESS-MODELS.md, "Misspelt questions").
 *
 * <p>Only a word of letters that the model does not know whole ({@link WholeWords}), nor the business
 * wrote, nor customers commonly write ({@link #EVERYDAY}), is changed: into a word the business wrote
 * (its entries, answers and profile) one slip away (a letter left out, added or changed, or two
 * swapped) up to seven letters, two from eight ("cancelation" too); failing that, for words of five
 * letters or more that are not English words ({@link EnglishWords}: "rinse" is not a slip of "rise"),
 * into an everyday word one slip away, a changed letter only for a key beside it. Always the first letter as
 * typed, and only when a single word is that near. Left as written: a short capitalised word inside
 * the text (a name: "Etsy" is one slip from "easy"), and a longer one unless the business wrote the
 * word or it is an everyday one of {@link CommonWords} ("Saturdaay"; "Buxton" is not "Button"); a word
 * that differs from the nearest only in an ending ("fitter", "fitted"; "cheapest", "cheaper": another
 * form, not a slip); shorthand ({@link Slang}).
 */
final class Spelling {
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final int SHORTEST = 4;
    private static final int EVERYDAY_SHORTEST = 5;
    /** A capitalised word inside the text shorter than this is taken for a name ("Etsy"). */
    private static final int NAMES_SHORTER_THAN = 5;
    private static final int TWO_SLIPS_FROM = 8;
    private static final Set<String> ENDINGS = Set.of("", "s", "es", "ies", "d", "ed", "r", "er", "st", "est", "ing",
            "y", "ey", "ly", "n", "en");

    private Spelling() {}

    /**
     * The words a business wrote, lower case, but for the function words ("much", "your"), which say
     * nothing of what a question is about: what a misspelt word may be read as, with the everyday ones.
     */
    static Set<String> vocabulary(String businessText) {
        Set<String> out = new HashSet<>();
        Matcher m = TOKEN.matcher(businessText.toLowerCase(Locale.ROOT));
        while (m.find()) {
            if (m.group().length() >= SHORTEST - 1 && isLetters(m.group()) && !WordOverlap.STOP.contains(m.group())) {
                out.add(m.group());
            }
        }
        return out;
    }

    /** The text with each misspelt word that is near exactly one word of the business's (or an everyday one) written as that word. */
    static String correct(String text, Set<String> business) {
        Matcher m = TOKEN.matcher(text);
        StringBuilder out = new StringBuilder();
        boolean first = true;
        while (m.find()) {
            String typed = m.group();
            boolean name = !first && Character.isUpperCase(typed.charAt(0)) && typed.length() < NAMES_SHORTER_THAN;
            first = false;
            m.appendReplacement(out, Matcher.quoteReplacement(name ? typed : meant(typed, business)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String meant(String typed, Set<String> business) {
        String word = typed.toLowerCase(Locale.ROOT);
        if (word.length() < SHORTEST || !isLetters(word) || business.contains(word) || EVERYDAY.contains(word)
                || Slang.isShorthand(word) || WholeWords.contains(word) || WholeWords.contains(WordOverlap.stem(word))) {
            return typed;
        }
        int allowed = word.length() >= TWO_SLIPS_FROM ? 2 : 1;
        Nearest near = new Nearest();
        business.forEach(w -> near.consider(word, w, allowed, false));
        // An English word is what was meant, unless it is a spelling of the business's word ("cancelation"):
        // "rinse" is not a slip of "rise", nor "crackling" of "cracking".
        if (near.best == null && word.length() >= EVERYDAY_SHORTEST && !EnglishWords.contains(word)) {
            // Beyond the business's own words the guess is wider, so it must be nearer: one slip, a
            // changed letter only for a key beside it ("rwally", not "unload" for "upload"), and a
            // capitalised word (a place, "Buxton") only as an everyday word ("Saturdaay").
            (Character.isUpperCase(typed.charAt(0)) ? CommonWords.WORDS : EVERYDAY).forEach(w -> near.consider(word, w, 1, true));
        }
        if (near.best == null || near.tie || anotherForm(word, near.best)) {
            return typed;
        }
        return Character.isUpperCase(typed.charAt(0)) ? Character.toUpperCase(near.best.charAt(0)) + near.best.substring(1)
                : near.best;
    }

    /**
     * Everyday words, and the words customers write to businesses ({@code customer-words.txt}: some 4,800
     * words of four letters or more seen at least three times in the training sets' messages, written by
     * {@code scripts/spelling/words.py}; "courier", "postage", "thought"): a word the business did not
     * write is read as one of these, and never changed when it is one ("insured", "halal", "warranty",
     * which the model breaks into pieces but customers write).
     */
    private static final Set<String> EVERYDAY = everyday();

    private static Set<String> everyday() {
        Set<String> out = new HashSet<>(CommonWords.WORDS);
        out.addAll(WordFile.read("customer-words.txt"));
        return Set.copyOf(out);
    }

    /** The single nearest word so far, and whether another is as near. */
    private static final class Nearest {
        String best;
        int distance = Integer.MAX_VALUE;
        boolean tie;

        void consider(String word, String candidate, int allowed, boolean besideOnly) {
            if (candidate.isEmpty() || candidate.charAt(0) != word.charAt(0)
                    || Math.abs(candidate.length() - word.length()) > allowed) {
                return;
            }
            int d = distance(word, candidate, allowed, besideOnly);
            if (d > allowed || candidate.equals(best)) {
                return;
            }
            if (d < distance) {
                best = candidate;
                distance = d;
                tie = false;
            } else if (d == distance) {
                tie = true;
            }
        }
    }

    /** The two differ only in an ending such as "-s", "-ed", "-er", "-est": forms of one word, not a slip. */
    static boolean anotherForm(String a, String b) {
        int common = 0;
        while (common < Math.min(a.length(), b.length()) && a.charAt(common) == b.charAt(common)) {
            common++;
        }
        return common >= 3 && ENDINGS.contains(a.substring(common)) && ENDINGS.contains(b.substring(common));
    }

    /** The keyboard's rows (QWERTY): a phone's slips hit the key beside the one meant. */
    private static final String[] ROWS = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};

    /** The keys of two letters touch: side by side in a row, or above and below as the rows are staggered. */
    static boolean beside(char x, char y) {
        for (int r = 0; r < ROWS.length; r++) {
            int i = ROWS[r].indexOf(x);
            if (i < 0) {
                continue;
            }
            for (int other = Math.max(0, r - 1); other <= Math.min(ROWS.length - 1, r + 1); other++) {
                int j = ROWS[other].indexOf(y);
                // Row r's key i sits between keys i - 1 and i of the row below, and i and i + 1 of the row above.
                if (j >= 0 && (other == r ? Math.abs(i - j) == 1 : other > r ? j == i || j == i - 1 : j == i || j == i + 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isLetters(String word) {
        return word.chars().allMatch(Character::isLetter);
    }

    /**
     * Letters left out, added or changed, and neighbours swapped, to turn {@code a} into {@code b}
     * (the optimal string alignment distance); anything over {@code limit} as {@code limit + 1}.
     *
     * @param besideOnly a changed letter counts as one slip only when its key is beside the one meant
     */
    static int distance(String a, String b, int limit, boolean besideOnly) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int rowMin = Integer.MAX_VALUE;
            for (int j = 1; j <= b.length(); j++) {
                char x = a.charAt(i - 1);
                char y = b.charAt(j - 1);
                int cost = x == y ? 0 : besideOnly && !beside(x, y) ? 2 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
                rowMin = Math.min(rowMin, v);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
        }
        return Math.min(d[a.length()][b.length()], limit + 1);
    }
}
