package dev.parley.textmodel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A lower-cased text's terms, counted, as scikit-learn's {@code TfidfVectorizer} finds them in
 * training: Python's notion of a word character and of white space, and letters by code point (an
 * emoji is one letter, as in Python, not two UTF-16 units).
 */
final class Terms {
    private Terms() {}

    /**
     * Words of two or more word characters ({@code \b\w\w+\b}), and each run of {@code min} to
     * {@code max} words joined by a space.
     */
    static Map<String, Integer> words(String text, int min, int max) {
        List<String> tokens = new ArrayList<>();
        int[] cps = text.codePoints().toArray();
        int start = -1;
        for (int i = 0; i <= cps.length; i++) {
            boolean word = i < cps.length && wordCharacter(cps[i]);
            if (word && start < 0) {
                start = i;
            } else if (!word && start >= 0) {
                if (i - start >= 2) {
                    tokens.add(new String(cps, start, i - start));
                }
                start = -1;
            }
        }
        Map<String, Integer> counts = new HashMap<>();
        for (int n = min; n <= max; n++) {
            for (int i = 0; i + n <= tokens.size(); i++) {
                counts.merge(n == 1 ? tokens.get(i) : String.join(" ", tokens.subList(i, i + n)), 1, Integer::sum);
            }
        }
        return counts;
    }

    /**
     * Letters {@code min} to {@code max} in a row within each space-separated word padded with a
     * space on each side ({@code char_wb}); a word shorter than a length gives itself once.
     */
    static Map<String, Integer> letters(String text, int min, int max) {
        Map<String, Integer> counts = new HashMap<>();
        int[] cps = text.codePoints().toArray();
        int i = 0;
        while (i < cps.length) {
            while (i < cps.length && space(cps[i])) {
                i++;
            }
            int start = i;
            while (i < cps.length && !space(cps[i])) {
                i++;
            }
            if (i > start) {
                int[] w = new int[i - start + 2];
                w[0] = ' ';
                w[w.length - 1] = ' ';
                System.arraycopy(cps, start, w, 1, i - start);
                padded(w, min, max, counts);
            }
        }
        return counts;
    }

    private static void padded(int[] w, int min, int max, Map<String, Integer> counts) {
        for (int n = min; n <= max; n++) {
            int offset = 0;
            counts.merge(new String(w, 0, Math.min(n, w.length)), 1, Integer::sum);
            while (offset + n < w.length) {
                offset++;
                counts.merge(new String(w, offset, n), 1, Integer::sum);
            }
            if (offset == 0) {
                break; // the word is no longer than n: longer n-grams would be itself again
            }
        }
    }

    /** Python's {@code \w} on text: a letter, a number of any kind, or an underscore. */
    static boolean wordCharacter(int cp) {
        if (cp == '_' || Character.isLetter(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER;
    }

    /** Python's {@code str.isspace}: Java's white space, the space characters, and the next-line control. */
    static boolean space(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x85;
    }
}
