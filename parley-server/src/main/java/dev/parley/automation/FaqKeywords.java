package dev.parley.automation;

import dev.parley.http.ApiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An FAQ entry's keywords as a request gives them: stripped, blanks and repeats (ignoring case)
 * dropped, and bounded. The matcher embeds them with the entry's question on every customer
 * question, so 20,000 of them (which used to be taken) cost every customer of the business.
 */
final class FaqKeywords {
    static final int MAX = 20;
    static final int MAX_LENGTH = 50;

    private FaqKeywords() {}

    static List<String> of(List<String> given) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : given == null ? List.<String>of() : given) {
            String t = k == null ? "" : k.strip();
            if (t.length() > MAX_LENGTH) {
                throw ApiException.validation("Each of 'keywords' is at most " + MAX_LENGTH + " characters.");
            }
            if (!t.isEmpty()) {
                out.putIfAbsent(t.toLowerCase(Locale.ROOT), t);
            }
        }
        if (out.size() > MAX) {
            throw ApiException.validation("Field 'keywords' holds at most " + MAX + " keywords.");
        }
        return List.copyOf(out.values());
    }
}
