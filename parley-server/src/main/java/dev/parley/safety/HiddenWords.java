package dev.parley.safety;

import dev.parley.text.Disguises;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A person's hidden words: a message request that contains one (as a whole word or phrase, in
 * any case) is moved out of their requests into the {@code hidden} folder, unseen unless they look.
 * Disguised letters ({@link Disguises}: fullwidth, invisible, lookalike, spelled out one by one, digits for
 * letters) do not hide a word from it.
 */
public final class HiddenWords {
    private HiddenWords() {}

    public static boolean matches(List<String> words, String text) {
        if (words.isEmpty()) {
            return false;
        }
        // "сrypto" with a Cyrillic "с", "c\u200Brypto", "c r y p t o", "crypt0": what the reader sees
        List<String> readings = Disguises.readings(text);
        for (String w : words) {
            Pattern p = Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(Disguises.undo(w)) + "(?![\\p{L}\\p{N}])",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            if (readings.stream().anyMatch(r -> p.matcher(r).find())) {
                return true;
            }
        }
        return false;
    }
}
