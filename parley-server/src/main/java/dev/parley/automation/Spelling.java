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
 * wrote, is changed, and only into a word the business wrote (its entries, answers and profile), or an
 * everyday one ({@link CommonWords}) for words of five letters or more: one slip away (a letter left
 * out, added or changed, or two swapped) up to seven letters, two from eight; the first letter as
 * typed; and only when a single word is that near. Left as written: a short capitalised word inside
 * the text (a name: "Etsy" is one slip from "easy"; longer names are seldom that near a word the
 * business wrote, and "Saturdaay" should read as the day), a word that differs from the nearest only in an ending
 * ("fitter", "fitted"; "cheapest", "cheaper": another form, not a slip), shorthand ({@link Slang}).
 */
final class Spelling {
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final int SHORTEST = 4;
    private static final int EVERYDAY_SHORTEST = 5;
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
            boolean name = !first && Character.isUpperCase(typed.charAt(0)) && typed.length() < EVERYDAY_SHORTEST;
            first = false;
            m.appendReplacement(out, Matcher.quoteReplacement(name ? typed : meant(typed, business)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String meant(String typed, Set<String> business) {
        String word = typed.toLowerCase(Locale.ROOT);
        if (word.length() < SHORTEST || !isLetters(word) || business.contains(word) || CommonWords.WORDS.contains(word)
                || Slang.isShorthand(word) || WholeWords.contains(word) || WholeWords.contains(WordOverlap.stem(word))) {
            return typed;
        }
        int allowed = word.length() >= TWO_SLIPS_FROM ? 2 : 1;
        Nearest near = new Nearest();
        business.forEach(w -> near.consider(word, w, allowed));
        if (word.length() >= EVERYDAY_SHORTEST) {
            CommonWords.WORDS.forEach(w -> near.consider(word, w, allowed));
        }
        if (near.best == null || near.tie || anotherForm(word, near.best)) {
            return typed;
        }
        return Character.isUpperCase(typed.charAt(0)) ? Character.toUpperCase(near.best.charAt(0)) + near.best.substring(1)
                : near.best;
    }

    /** The single nearest word so far, and whether another is as near. */
    private static final class Nearest {
        String best;
        int distance = Integer.MAX_VALUE;
        boolean tie;

        void consider(String word, String candidate, int allowed) {
            if (candidate.isEmpty() || candidate.charAt(0) != word.charAt(0)
                    || Math.abs(candidate.length() - word.length()) > allowed) {
                return;
            }
            int d = distance(word, candidate, allowed);
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

    private static boolean isLetters(String word) {
        return word.chars().allMatch(Character::isLetter);
    }

    /**
     * Letters left out, added or changed, and neighbours swapped, to turn {@code a} into {@code b}
     * (the optimal string alignment distance); anything over {@code limit} as {@code limit + 1}.
     */
    static int distance(String a, String b, int limit) {
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
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
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
