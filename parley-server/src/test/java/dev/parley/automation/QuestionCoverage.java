package dev.parley.automation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * An experiment, measured in {@link FaqEvaluationTest} and not shipped (docs/BUSINESS-MODELS.md):
 * question-side coverage, and a subject check built on it. Coverage of a word is 1 when the
 * business's FAQ text (phrasings, keywords, answers) holds it or its stem, else the cosine of its
 * embedding (the same MiniLM, one word at a time) to the nearest word of that text; a question is
 * as covered as its least covered content word (BERTScore-like recall of the question's words).
 * The subject check narrows that to a question that does not address the business ("you",
 * "your") and has a word after "the" (within two words: "the swimming pool") the business never
 * wrote: "What are the library's opening hours?" asks the hours entry's kind of thing about the
 * library. Built only from the business's own text and English grammar words; no evaluation's
 * words are listed.
 */
final class QuestionCoverage {
    private static final Set<String> SECOND_PERSON = Set.of("you", "your", "yours", "yourself", "yourselves", "u",
            "ur", "ya", "you're", "youre", "you've", "you'll", "y'all");

    private final Function<String, float[]> vector;
    private final Set<String> stems = new HashSet<>();
    private final List<float[]> vocabulary = new ArrayList<>();

    /** @param texts the business's text; {@code vector} embeds one word (the caller caches) */
    QuestionCoverage(List<String> texts, Function<String, float[]> vector) {
        this.vector = vector;
        Set<String> words = new LinkedHashSet<>();
        texts.forEach(t -> tokens(t).stream().filter(QuestionCoverage::content).forEach(words::add));
        for (String w : words) {
            stems.add(WordOverlap.stem(w));
            vocabulary.add(vector.apply(w));
        }
    }

    /** A word of the question and how well the business's text covers it, 0 to 1. */
    record Named(String word, double coverage) {}

    /**
     * Of the words that follow "the" in a question that does not address the business, the one the
     * business's text covers least; empty when there is none.
     */
    Optional<Named> weakestNamed(String question) {
        List<String> t = tokens(question);
        if (t.stream().anyMatch(SECOND_PERSON::contains)) {
            return Optional.empty();
        }
        Named weakest = null;
        for (int i = 0; i < t.size(); i++) {
            boolean afterThe = (i >= 1 && t.get(i - 1).equals("the")) || (i >= 2 && t.get(i - 2).equals("the"));
            if (afterThe && content(t.get(i))) {
                double c = coverage(t.get(i));
                if (weakest == null || c < weakest.coverage()) {
                    weakest = new Named(t.get(i), c);
                }
            }
        }
        return Optional.ofNullable(weakest);
    }

    /** 1 when the business wrote the word (or its stem), else the cosine to its nearest word. */
    double coverage(String word) {
        if (stems.contains(WordOverlap.stem(word))) {
            return 1;
        }
        float[] v = vector.apply(word);
        double best = 0;
        for (float[] u : vocabulary) {
            best = Math.max(best, FaqMatcher.cosine(v, u));
        }
        return best;
    }

    private static boolean content(String w) {
        return w.length() > 1 && !WordOverlap.STOP.contains(w) && !SECOND_PERSON.contains(w)
                && !w.chars().allMatch(Character::isDigit);
    }

    /** The words of a text in order, lower case, unstemmed (the model reads whole words), "'s" dropped. */
    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.toLowerCase(Locale.ROOT).replace('\u2019', '\'').split("[^\\p{L}\\p{N}']+")) {
            String t = w.replaceAll("^'+|'+$", "");
            if (t.endsWith("'s")) {
                t = t.substring(0, t.length() - 2);
            }
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }
}
