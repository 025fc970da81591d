package dev.parley.automation;

import dev.parley.memo.Lru;
import dev.parley.textmodel.Embedder;
import dev.parley.textmodel.Pleasantries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds the FAQ entry a customer's question means, and says how sure it is. Each entry is seen
 * three ways: its phrasings (every question the owner wrote for it, the first also with its
 * keywords; the nearest one counts), its answer ("what time do you close?" is near "open 9am to
 * 6pm"), and the words the question shares with it ({@link WordOverlap}, rare words counting more).
 * The score adds them: the nearest phrasing, plus {@value #ANSWER_WEIGHT} of the answer's
 * similarity, plus {@value #LEXICAL_WEIGHT} of the shared words; the entries are ranked by that plus
 * {@value #PAIR_WEIGHT} of the word pairs' score ({@link FaqPairs}). Adding the answer rather than
 * taking the better of the two views is what parts "can you help with my tax return" (near the
 * phrasing "Can I return an item?", far from its answer about unused items and receipts) from
 * real paraphrases, which tend to be near both.
 *
 * <p>A high score is not enough to answer: "Is the post office open on Saturdays?" is as near
 * "When are you open?" as real paraphrases are, because only its subject differs. So the matcher
 * also measures whether the best entry explains the question ({@link #gain}): whether leaving out
 * a run of the question's words that the business never wrote makes it much nearer the entry
 * ("post office": those words are what the question is about, and the entry is not). Words the
 * business wrote are never held against it: its entries' phrasings and keywords, the best entry's
 * answer, and its profile (what it is and sells, "bikes, helmets, lights; repairs"), so a paraphrase
 * naming a product the owner listed reads as about the business. Everyday words ({@link CommonWords})
 * count as written too, chat shorthand is written out first ({@link Slang}), and a misspelt word
 * is read as the business's word it is one slip from ({@link Spelling}). Whether the
 * question speaks to the business ("do you…", "your", "here", {@link #addressed}) is measured too:
 * its other words are then more often the details of the customer's own request, while a question
 * about a third party names it and seldom says "you".
 *
 * <p>{@link FaqDecision} weighs all of that (similarities, the lead over the runner-up, the
 * unwritten words and their gain) into the confidence; the bot answers at the business's
 * threshold ({@link Match#answers}) and asks back ("Did you mean …?") in a band below it
 * ({@link Match#asksBack}).
 *
 * @implNote The weights of the score and the gain's line were chosen on the tuning sets under
 * {@code eval/} in rounds 2 to 4; the decision was trained in round 9 on all non-blind sets
 * (scripts/faq-decision/, docs/BUSINESS-MODELS.md), measured with each business left out of
 * training in turn and on {@code eval/faq-heldout-8.tsv}, written blind and never trained on.
 */
public final class FaqMatcher {
    public static final double DEFAULT_THRESHOLD = 0.55;
    /** How much the answer's similarity adds to the nearest phrasing's. */
    static final double ANSWER_WEIGHT = 0.6;
    /** How much the shared rare words add. */
    static final double LEXICAL_WEIGHT = 0.1;
    /**
     * How much the word pairs' score ({@link FaqPairs}, a log-odds learnt across businesses) adds when the
     * entries are ranked: "how do I find you" shares "find" with a price match's answer, and the pairs know
     * "find you" goes with where a shop is.
     */
    static final double PAIR_WEIGHT = 0.03;
    /** Below the threshold by up to this (raw 0.61, the line that answered in round 2), the bot asks back. */
    public static final double ASK_BACK_BAND = 0.175;
    /** How much nearer the entry the question may get without some of its words before those words are what it asks about. */
    static final double MAX_GAIN = 0.078;

    /** Words by which a customer speaks to the business itself (shorthand "u", "ur" is written out first). */
    private static final Pattern ADDRESS = Pattern.compile("\\b(you|your|yours|yourself|yourselves|y'?all|here)\\b",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);

    /** What is not a letter or a digit: left out when a question is compared with a phrasing word for word. */
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    /** Marks around words ("scotland?", "(sat nav)"): left off the words the bot names as unexplained. */
    private static final Pattern EDGE_MARKS = Pattern.compile("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$");

    private final Embedder embedder;
    private final FaqDecision decision;
    private final FaqPairs pairs;
    /** The embeddings of the businesses' entries (phrasings and answers), by text: they repeat at every question. */
    private final Lru<String, float[]> cache = new Lru<>(10_000);

    public FaqMatcher(Embedder embedder) {
        this(embedder, FaqPairs.shipped());
    }

    /** @param pairs the word pairs that rank the entries with the raw score and that the decision reads */
    FaqMatcher(Embedder embedder, FaqPairs pairs) {
        this.embedder = embedder;
        this.decision = FaqDecision.shipped();
        this.pairs = pairs;
    }

    /**
     * @param score       the confidence that this entry answers the question, 0 to 1 ({@link FaqDecision})
     * @param matched     the entry's phrasing nearest the question
     * @param unexplained words of the question the business never wrote that the entry does not
     *                    explain ("post office" in "Is the post office open on Saturdays?"), if any
     */
    public record Match(AutomationStore.Faq entry, String matched, double score, Optional<String> unexplained) {
        /** The bot answers with this entry: the decision is sure enough ({@link FaqDecision}). */
        public boolean answers(double threshold) {
            return score >= threshold;
        }

        /** The bot asks "Did you mean …?" with this entry's question instead of answering. */
        public boolean asksBack(double threshold) {
            return !answers(threshold) && score >= threshold - ASK_BACK_BAND;
        }
    }

    /**
     * One entry's fit, before the runner-up is looked at.
     *
     * @param phrasing the cosine to the nearest of the entry's phrasings ({@code matched})
     * @param answer   the cosine to the entry's answer
     * @param words    the share of the question's rare words the entry holds
     * @param pair     the word pairs' score of the question as typed and the entry ({@link FaqPairs})
     */
    record Fit(AutomationStore.Faq entry, String matched, double phrasing, double answer, double words, double pair) {
        double raw() {
            return phrasing + ANSWER_WEIGHT * answer + LEXICAL_WEIGHT * words;
        }

        /** What ranks the entries: the raw score and {@value #PAIR_WEIGHT} of the pairs' score. */
        double ranked() {
            return raw() + PAIR_WEIGHT * pair;
        }
    }

    public Optional<Match> best(String question, List<AutomationStore.Faq> entries) {
        return best(question, entries, "");
    }

    /** @param profile what the business is and sells, in the owner's words (may be empty) */
    public Optional<Match> best(String question, List<AutomationStore.Faq> entries, String profile) {
        return measure(question, entries, profile).map(this::judge);
    }

    /** The decision on a measured question; the entry's own phrasing, as the owner wrote it, is always answered. */
    Match judge(Measured m) {
        double confidence = m.verbatim() ? 1 : decision.confidence(decision.probability(m.features()));
        return new Match(m.top().entry(), m.top().matched(), confidence, m.unexplained());
    }

    /**
     * The best entry, what the decision reads about it, and the words it does not explain.
     *
     * @param verbatim the question is one of the entry's phrasings, case, spacing and punctuation aside: what
     *                 a customer sends after "Did you mean …?", or a question the owner foresaw word for word
     */
    record Measured(Fit top, FaqDecision.Features features, Optional<String> unexplained, boolean verbatim) {}

    Optional<Measured> measure(String asTyped, List<AutomationStore.Faq> entries, String profile) {
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        String question = asRead(asTyped, entries, profile);
        String q = Slang.normalise(question);
        float[] vector = embedder.embed(q); // once: ranking and the gain both start from it
        List<Fit> fits = verbatimFirst(question, rank(vector, q, question, entries));
        Fit top = fits.get(0);
        Set<String> written = written(top.entry(), entries, profile);
        List<String> tokens = Arrays.asList(q.strip().split("\\s+"));
        List<List<Integer>> units = unwritten(tokens, written);
        Gain gain = gain(vector, tokens, units, top.entry());
        return Optional.of(new Measured(top, features(q, fits, tokens, units, gain, top.pair()), gain.unexplained(),
                isPhrasing(question, top.entry())));
    }

    /** The fits with the best-ranked entry that has the question among its phrasings first, if one has. */
    private static List<Fit> verbatimFirst(String question, List<Fit> fits) {
        for (int i = 0; i < fits.size(); i++) {
            if (isPhrasing(question, fits.get(i).entry())) {
                List<Fit> out = new ArrayList<>(fits);
                out.add(0, out.remove(i));
                return out;
            }
        }
        return fits;
    }

    /** The question is one of the entry's phrasings, letters and digits compared, case aside. */
    static boolean isPhrasing(String question, AutomationStore.Faq entry) {
        String q = bare(question);
        return !q.isEmpty() && entry.questions().stream().anyMatch(p -> bare(p).equals(q));
    }

    private static String bare(String text) {
        return NOT_WORD.matcher(text.toLowerCase(java.util.Locale.ROOT)).replaceAll(" ").strip();
    }

    /** What the decision reads about the best of these fits (ranked, best first). */
    static FaqDecision.Features features(String question, List<Fit> fits, List<String> tokens,
                                         List<List<Integer>> units, Gain gain, double pair) {
        double meanRaw = fits.stream().mapToDouble(Fit::raw).average().orElse(0);
        int lonely = (int) units.stream().filter(u -> u.size() == 1).count();
        return new FaqDecision.Features(fits.get(0), fits.get(Math.min(1, fits.size() - 1)), meanRaw, units.isEmpty(),
                addressed(question), units.size(), lonely, tokens.size(), WordOverlap.terms(question).size(),
                gain.most(), gain.unexplained().isPresent(), fits.size(), pair);
    }

    /** The question speaks to the business: "do you…", "your", "here" (after shorthand is written out). */
    static boolean addressed(String question) {
        return ADDRESS.matcher(question).find();
    }

    /**
     * The words the business wrote and the everyday ones, by stem, as they bear on the best entry:
     * every entry's phrasings and keywords, the profile, and this entry's own answer. Other entries'
     * answers do not count: "opposite the library" in the directions makes "library" the shop's
     * word for where it is, not for "Is the library open on Sundays?" matched to its hours.
     */
    static Set<String> written(AutomationStore.Faq top, List<AutomationStore.Faq> entries, String profile) {
        Set<String> written = new HashSet<>();
        entries.forEach(f -> written.addAll(WordOverlap.terms(asked(f))));
        written.addAll(WordOverlap.terms(top.answer()));
        written.addAll(WordOverlap.terms(profile == null ? "" : profile));
        CommonWords.WORDS.forEach(w -> written.add(WordOverlap.stem(w)));
        return written;
    }

    /** Every entry's fit, best first. */
    List<Fit> rank(String question, List<AutomationStore.Faq> entries) {
        return entries.isEmpty() ? List.of() : rank(embedder.embed(question), question, question, entries);
    }

    /**
     * @param q        the question's vector
     * @param question the question as it is compared (shorthand written out)
     * @param typed    the question as typed, as the word pairs were learnt
     */
    private List<Fit> rank(float[] q, String question, String typed, List<AutomationStore.Faq> entries) {
        WordOverlap overlap = new WordOverlap(entries.stream().map(FaqMatcher::words).toList());
        List<Fit> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            AutomationStore.Faq f = entries.get(i);
            Nearest near = nearest(q, f);
            out.add(new Fit(f, near.phrasing(), near.cosine(), cosine(q, vector(f.answer())), overlap.score(question, i),
                    pairs.score(typed, f)));
        }
        out.sort(Comparator.comparingDouble(Fit::ranked).reversed());
        return out;
    }

    /**
     * The question's words the business never wrote (nor their stems), each alone and each run of
     * two or more of them, as token positions.
     */
    static List<List<Integer>> unwritten(List<String> tokens, Set<String> written) {
        List<List<Integer>> units = new ArrayList<>();
        List<Integer> run = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Set<String> t = Circumstance.subjectTerms(tokens, i); // not how many, when, where or for whom
            if (!t.isEmpty() && !written.containsAll(t)) {
                units.add(List.of(i));
                run.add(i);
            } else {
                run = flush(run, units); // a word the business wrote, or a stop word, ends the run
            }
        }
        flush(run, units);
        return units;
    }

    /**
     * How much nearer the entry the question gets without the unwritten unit that matters most.
     *
     * @param most        that gain (0 when no unit brings it nearer, or there is none)
     * @param unexplained the unit, when its gain passes {@value #MAX_GAIN}
     */
    record Gain(double most, Optional<String> unexplained) {}

    /**
     * The words of the question that the entry does not explain: an unwritten word or run of
     * them ({@link #unwritten}) whose removal brings the question nearer the entry (nearest
     * phrasing plus the answer's share) by more than {@value #MAX_GAIN}. Such words carry the
     * question's subject ("the library's", "post office", "gym"), and the entry is about
     * something else.
     */
    Optional<String> unexplained(String question, List<String> tokens, List<List<Integer>> units,
                                 AutomationStore.Faq entry) {
        return units.isEmpty() ? Optional.empty() : gain(embedder.embed(question), tokens, units, entry).unexplained();
    }

    /**
     * Leaves out each unwritten unit in turn, and keeps the one that brings the question nearest the entry.
     *
     * @param question the whole question's vector
     */
    private Gain gain(float[] question, List<String> tokens, List<List<Integer>> units, AutomationStore.Faq entry) {
        if (units.isEmpty()) {
            return new Gain(0, Optional.empty());
        }
        double whole = explained(question, entry);
        String worst = null;
        double most = 0;
        for (List<Integer> unit : units) {
            List<String> rest = new ArrayList<>();
            for (int i = 0; i < tokens.size(); i++) {
                if (!unit.contains(i)) {
                    rest.add(tokens.get(i));
                }
            }
            if (rest.isEmpty()) {
                continue;
            }
            double gain = explained(embedder.embed(String.join(" ", rest)), entry) - whole;
            if (gain > most) {
                most = gain;
                worst = gain > MAX_GAIN ? EDGE_MARKS.matcher(String.join(" ", unit.stream().map(tokens::get).toList()))
                        .replaceAll("") : worst; // shown to the owner: "scotland", not "scotland?"
            }
        }
        return new Gain(most, Optional.ofNullable(worst));
    }

    /** Ends a run of unwritten words: kept as one unit when it has two or more. */
    private static List<Integer> flush(List<Integer> run, List<List<Integer>> units) {
        if (run.size() > 1) {
            units.add(List.copyOf(run));
        }
        return new ArrayList<>();
    }

    /** How near a question's vector is to an entry, by its sentences alone (no shared words). */
    private double explained(float[] q, AutomationStore.Faq f) {
        return nearest(q, f).cosine() + ANSWER_WEIGHT * cosine(q, vector(f.answer()));
    }

    /** @param phrasing the entry's phrasing nearest the question; the cosine may be the first one's with the keywords */
    private record Nearest(String phrasing, double cosine) {}

    /** The nearest of the entry's phrasings, the first also read with its keywords. */
    private Nearest nearest(float[] q, AutomationStore.Faq f) {
        String matched = f.question();
        double best = -1;
        for (String p : f.questions()) {
            double c = cosine(q, vector(p));
            if (c > best) {
                best = c;
                matched = p;
            }
        }
        if (!f.keywords().isEmpty()) {
            best = Math.max(best, cosine(q, vector(f.question() + " " + String.join(" ", f.keywords()))));
        }
        return new Nearest(matched, best);
    }

    /**
     * The question as the bot reads it: without greeting, thanks or emoji ({@link Pleasantries}), each misspelt word
     * as the business's word it is one slip from ({@link Spelling}).
     */
    public static String asRead(String question, List<AutomationStore.Faq> entries, String profile) {
        return Spelling.correct(Pleasantries.strip(question), vocabulary(entries, profile));
    }

    /** What a misspelt word of a question may be read as ({@link Spelling}): every word the business wrote. */
    private static Set<String> vocabulary(List<AutomationStore.Faq> entries, String profile) {
        StringBuilder text = new StringBuilder(profile == null ? "" : profile);
        entries.forEach(f -> text.append(' ').append(words(f)));
        return Spelling.vocabulary(text.toString());
    }

    /** An entry's phrasings and keywords: how the business says what is asked. */
    private static String asked(AutomationStore.Faq f) {
        return String.join(" ", f.questions()) + " " + String.join(" ", f.keywords());
    }

    private static String words(AutomationStore.Faq f) {
        return asked(f) + " " + f.answer();
    }

    private float[] vector(String text) {
        return cache.get(text, embedder::embed);
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
