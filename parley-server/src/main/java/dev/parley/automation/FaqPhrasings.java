package dev.parley.automation;

import dev.parley.http.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The phrasings of one FAQ entry's question, as a request gives them, checked and in order. */
final class FaqPhrasings {
    static final int MAX = 20;
    static final int MAX_LENGTH = 500;

    private FaqPhrasings() {}

    /**
     * @param question  the single question of older clients: the first phrasing
     * @param questions every phrasing
     * @param examples  more phrasings (another name for the same list)
     * @return at least one phrasing, stripped, without blanks or repeats (ignoring case)
     */
    static List<String> of(String question, List<String> questions, List<String> examples) {
        List<String> given = new ArrayList<>();
        if (question != null) {
            given.add(question);
        }
        for (List<String> list : java.util.Arrays.asList(questions, examples)) {
            if (list != null) {
                list.forEach(q -> given.add(q == null ? "" : q));
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String q : given) {
            String t = q.strip();
            if (t.length() > MAX_LENGTH) {
                throw ApiException.validation("Each question of an FAQ entry is 1 to " + MAX_LENGTH + " characters.");
            }
            if (!t.isEmpty()) {
                out.putIfAbsent(t.toLowerCase(Locale.ROOT), t);
            }
        }
        if (out.isEmpty()) {
            throw ApiException.validation("Field 'question' (or 'questions') is required: 1 to " + MAX_LENGTH
                    + " characters each.");
        }
        if (out.size() > MAX) {
            throw ApiException.validation("An FAQ entry has at most " + MAX + " questions.");
        }
        return List.copyOf(out.values());
    }
}
