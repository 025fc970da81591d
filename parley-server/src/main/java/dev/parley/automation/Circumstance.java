package dev.parley.automation;

import java.util.Set;

/**
 * What a question says around its subject: how many or when ("a table for 6", "at 4", "$50") and
 * where from ("delivery time to scotland?", {@link Places}). Such words are not what the question is
 * about, so the FAQ bot does not count one the business never wrote as an unexplained subject
 * ({@link FaqMatcher#unwritten}). Whom for ("a gift card for my dad") was measured and not kept: one
 * more wrong entry on a blind set, fewer answered on two.
 */
final class Circumstance {
    private Circumstance() {}

    /** The terms of the question's {@code i}-th token that may be its subject. */
    static Set<String> subjectTerms(java.util.List<String> tokens, int i) {
        Set<String> t = WordOverlap.terms(tokens.get(i));
        t.removeIf(w -> isQuantity(w) || Places.isPlace(w));
        return t;
    }

    /**
     * A number of up to three digits: a party's size, a time, a price. Longer ones are references
     * (an order's number, a phone number) that make the question about one case, which no entry answers.
     */
    static boolean isQuantity(String term) {
        return !term.isEmpty() && term.length() <= 3 && term.chars().allMatch(Character::isDigit);
    }
}
