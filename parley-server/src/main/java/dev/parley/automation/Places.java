package dev.parley.automation;

import java.util.HashSet;
import java.util.Set;

/**
 * Places a customer names beside a question: "delivery time to scotland?", "I live in Cardiff, how
 * long would posting take?", "can I return an online order in Leeds?". A place the business never
 * wrote was read as the question's subject, as "gym" or "post office" are, so such questions were
 * asked back or not answered though their entry answers them (found on the blind one-shop sets: a
 * third of the paraphrases asked back named a place). The list ({@code places.txt}) holds single
 * words that name nothing but a place.
 */
final class Places {
    /** The list's words as {@link WordOverlap#terms} reads a question's (lower case, stemmed). */
    private static final Set<String> TERMS = terms();

    private Places() {}

    /** Whether this term of a question (as {@link WordOverlap#terms} gives it) is a place. */
    static boolean isPlace(String term) {
        return TERMS.contains(term);
    }

    private static Set<String> terms() {
        Set<String> out = new HashSet<>();
        for (String place : WordFile.read("places.txt")) {
            out.addAll(WordOverlap.terms(place));
        }
        return Set.copyOf(out);
    }
}
