package dev.parley.filters;

import dev.parley.text.Disguises;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The node's filters, compiled for matching: one Aho–Corasick pass for the words and phrases,
 * hash look-ups for link domains and e-mail addresses, and each regular expression with its step
 * budget ({@link BoundedText}). Immutable; replaced whole when the filters change.
 */
final class FilterSet {
    /** What the filters say of a text: the entry that blocks it, whether to shadow it, what to flag. */
    record Outcome(FilterEntry blockedBy, FilterEntry shadowedBy, List<String> flags) {
        static final Outcome CLEAN = new Outcome(null, null, List.of());

        boolean clean() {
            return blockedBy == null && shadowedBy == null && flags.isEmpty();
        }
    }

    /** The most hits a message collects before the rest no longer matter. */
    private static final int MAX_HITS = 20;

    static final FilterSet EMPTY = new FilterSet(List.of(), List.of(), 1);

    private final List<FilterEntry> entries;
    private final WordMatcher words;
    /**
     * The phrases again with their words run together ("free cash" as "freecash"): a phrase
     * spelled out letter by letter ("f r e e c a s h") is read as one word, which the phrase with
     * its spaces never matched.
     */
    private final WordMatcher joinedPhrases;
    private final LinkMatcher links = new LinkMatcher();
    private final List<Pattern> regexes = new ArrayList<>();
    private final List<Integer> regexEntries = new ArrayList<>();
    private final long regexBudget;

    /**
     * @param entries  every filter, in a stable order
     * @param compiled each regex entry's pattern, in the order the regex entries come
     */
    FilterSet(List<FilterEntry> entries, List<Pattern> compiled, long regexBudget) {
        this.entries = List.copyOf(entries);
        this.regexBudget = regexBudget;
        List<String> wordPatterns = new ArrayList<>();
        List<String> joinedPatterns = new ArrayList<>();
        int r = 0;
        for (int i = 0; i < entries.size(); i++) {
            FilterEntry e = entries.get(i);
            String word = FilterEntry.WORD.equals(e.kind()) ? Normalized.of(e.pattern()) : null;
            wordPatterns.add(word);
            joinedPatterns.add(word == null || word.indexOf(' ', 1) == word.length() - 1 ? null
                    : Normalized.plain(word.replace(" ", "")));
            switch (e.kind()) {
                case FilterEntry.DOMAIN -> links.addDomain(e.pattern(), i);
                case FilterEntry.EMAIL -> links.addEmail(e.pattern(), i);
                case FilterEntry.REGEX -> {
                    regexes.add(compiled.get(r++));
                    regexEntries.add(i);
                }
                default -> { }
            }
        }
        this.words = new WordMatcher(wordPatterns);
        this.joinedPhrases = new WordMatcher(joinedPatterns);
    }

    int size() {
        return entries.size();
    }

    Outcome match(String text) {
        if (entries.isEmpty()) {
            return Outcome.CLEAN;
        }
        Collector c = new Collector();
        for (String read : Disguises.readings(text)) { // as a reader sees it, and "fr33" as "free"
            if (c.blockedBy == null) {
                String plain = Normalized.plain(read);
                words.find(plain, c);
                if (c.blockedBy == null) {
                    joinedPhrases.find(plain, c);
                }
            }
        }
        if (c.blockedBy == null) {
            links.find(text, c);
        }
        for (int i = 0; i < regexes.size() && c.blockedBy == null && c.more(); i++) {
            FilterEntry e = entries.get(regexEntries.get(i));
            try {
                if (regexes.get(i).matcher(new BoundedText(text, regexBudget)).find()) {
                    c.hit(regexEntries.get(i));
                }
            } catch (BoundedText.Exhausted | StackOverflowError slow) {
                // Undecided in its time: a moderator decides instead (never a block, never silence).
                c.flags.add("The regular expression filter " + e.id() + " ran out of time on this message.");
            }
        }
        return c.blockedBy == null && c.shadowedBy == null && c.flags.isEmpty() ? Outcome.CLEAN
                : new Outcome(c.blockedBy, c.shadowedBy, List.copyOf(c.flags));
    }

    /** Gathers hits: a block ends the search, shadows and flags are kept (flags up to a cap). */
    private final class Collector implements WordMatcher.Hits {
        FilterEntry blockedBy;
        FilterEntry shadowedBy;
        final List<String> flags = new ArrayList<>();
        int hits;

        @Override
        public boolean hit(int index) {
            FilterEntry e = entries.get(index);
            hits++;
            switch (e.action()) {
                case FilterEntry.BLOCK -> blockedBy = e;
                case FilterEntry.SHADOW -> shadowedBy = shadowedBy == null ? e : shadowedBy;
                default -> {
                    String note = "Matched the node's " + e.kind() + " filter " + e.id() + ": " + e.pattern();
                    if (!flags.contains(note)) {
                        flags.add(note);
                    }
                }
            }
            return blockedBy == null && more();
        }

        boolean more() {
            return hits < MAX_HITS;
        }
    }
}
