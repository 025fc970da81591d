package dev.parley.safety;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A person's hidden words: a message request that contains one (as a whole word or phrase, in
 * any case) is moved out of their requests into the {@code hidden} folder, unseen unless they look.
 */
public final class HiddenWords {
    private HiddenWords() {}

    public static boolean matches(List<String> words, String text) {
        for (String w : words) {
            Pattern p = Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(w) + "(?![\\p{L}\\p{N}])",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            if (p.matcher(text).find()) {
                return true;
            }
        }
        return false;
    }
}
