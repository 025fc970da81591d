package dev.parley.automation;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How much of a question's content is found in one of a few documents (a business's FAQ
 * entries), rare words counting more: the share of the question's inverse-document-frequency
 * weight that the document holds. A word no document has counts as rare as can be, so an
 * unrelated question ("who won the football?") shares little with any entry.
 *
 * @implNote A plain, small lexical score rather than a search engine: a business has tens of
 * entries, not millions, and the score only has to stand beside the sentence embeddings.
 * Words are folded by a crude suffix stem, so "returns", "returned" and "return" meet.
 */
final class WordOverlap {
    static final Set<String> STOP = Set.of(("a an the and or but if then than so as of to in on at by for from "
            + "with about into over after before i i'm i'd i've me my we our us you your it it's its they them their this that "
            + "these those is am are was were be been do does did have has had will would can cannot could should may might must "
            + "not no what when where which who how there here all any some just also more much many please get got "
            + "hi hello hey thanks thank") .split(" "));

    private final List<Set<String>> documents;
    private final Map<String, Integer> frequency = new HashMap<>();

    WordOverlap(List<String> documents) {
        this.documents = documents.stream().map(WordOverlap::terms).toList();
        this.documents.forEach(d -> d.forEach(t -> frequency.merge(t, 1, Integer::sum)));
    }

    /** @return 0 (nothing shared) to 1 (every content word of the question is in document {@code i}) */
    double score(String question, int i) {
        Set<String> q = terms(question);
        double total = 0;
        double shared = 0;
        for (String t : q) {
            double idf = Math.log(1 + (documents.size() + 1.0) / (frequency.getOrDefault(t, 0) + 0.5));
            total += idf;
            if (documents.get(i).contains(t)) {
                shared += idf;
            }
        }
        return total == 0 ? 0 : shared / total;
    }

    static Set<String> terms(String text) {
        Set<String> out = new HashSet<>();
        for (String w : text.toLowerCase(Locale.ROOT).replace('\u2019', '\'').split("[^\\p{L}\\p{N}']+")) {
            String t = w.replaceAll("^'+|'+$", "");
            if (t.endsWith("'s")) {
                t = t.substring(0, t.length() - 2);
            }
            if (!t.isEmpty() && !STOP.contains(t)) {
                out.add(stem(t));
            }
        }
        return out;
    }

    static String stem(String w) {
        for (String suffix : List.of("ing", "ies", "es", "ed", "ly", "s")) {
            if (w.endsWith(suffix) && w.length() - suffix.length() >= 3) {
                return w.substring(0, w.length() - suffix.length()) + (suffix.equals("ies") ? "y" : "");
            }
        }
        return w;
    }
}
