package dev.parley.automation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.textmodel.TestEmbedder;
import dev.parley.eval.LabelledSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The FAQ bot on five kinds of business ({@code eval/faq-entries.tsv}, each entry with the
 * example phrasings an owner would add) and sets of customer questions: paraphrases of an entry,
 * near misses (the business's field or an entry's topic word, but no entry answers it) and
 * unrelated questions. Tuning: {@code eval/faq-questions.tsv} (222), {@code eval/faq-subjects.tsv}
 * (52: an entry's kind of thing asked about a third party) and {@code eval/faq-heldout.tsv} (201,
 * the second round's held-out set, tuning since its misses were seen) and {@code eval/faq-heldout-3.tsv}
 * (208, the third round's, tuning since round 4). Held out: {@code eval/faq-heldout-4.tsv} (218),
 * written with the businesses' profiles ({@code eval/faq-profiles.tsv}) before round 4's tuning and
 * only measured, and {@code eval/faq-heldout-5.tsv} (226), written in round 5 by someone who read
 * only the entries, the profiles and the format, measured once after that round's change, and
 * {@code eval/faq-heldout-6.tsv} (222), written the same way for round 6, and
 * {@code eval/faq-heldout-7.tsv} (225) for round 7, and {@code eval/faq-more.tsv} (1,782 questions to eighteen
 * more businesses of {@code eval/faq-more-entries.tsv}, none of them tuned on; round 8). The bot answers, asks
 * back ("Did you mean …?") or does neither; only an answer with the right entry counts as right. Every figure of docs/BUSINESS-MODELS.md's table and the chosen
 * decision's held-out misses are printed.
 */
@Tag("store-free")
class FaqEvaluationTest {
    static final String TUNING = "tuning (faq-questions.tsv)";
    static final String SUBJECTS = "tuning 2 (faq-subjects.tsv)";
    static final String OLD_HELD_OUT = "tuning 3 (faq-heldout.tsv, held out in round 2)";
    static final String ROUND_3 = "tuning 4 (faq-heldout-3.tsv, held out in round 3)";
    static final String HELD_OUT = "held-out (faq-heldout-4.tsv)";
    /** Round 5's fresh set, written by someone who read only the entries, the profiles and the format. */
    static final String HELD_OUT_5 = "held-out 5 (faq-heldout-5.tsv)";
    /** Round 6's, written the same way before that round's change and measured once after it. */
    static final String HELD_OUT_6 = "held-out 6 (faq-heldout-6.tsv)";
    /** Round 7's, written the same way before that round's change and measured once after it. */
    static final String HELD_OUT_7 = "held-out 7 (faq-heldout-7.tsv)";
    /** Written blind for round 8, measured in round 9 with the trained decision, which never saw it (docs/BUSINESS-MODELS.md). */
    static final String HELD_OUT_8 = "held-out 8 (faq-heldout-8.tsv)";
    static final String HELD_OUT_9 = "held-out 9, six new businesses (faq-heldout-9.tsv)";
    static final String HELD_OUT_10 = "held-out 10, six more new businesses (faq-heldout-10.tsv)";
    static final String HELD_OUT_11 = "held-out 11, six more new businesses (faq-heldout-11.tsv)";
    static final String HELD_OUT_12 = "held-out 12, six more new businesses (faq-heldout-12.tsv)";
    /** Round 8's: eighteen businesses nobody shaped the bot for, each with its own entries and no profile. */
    static final String MORE = "more businesses (faq-more.tsv)";
    /** Round 9's: thirty-six more businesses written for training the decision (in-sample here; train.py leaves each out). */
    static final String TRAIN = "training businesses (faq-train.tsv)";
    /**
     * Sets that are only training data: their figures in-sample say nothing, train.py measures them with
     * each business left out, and measuring them here would cost CI a minute and more.
     */
    static final java.util.Set<String> TRAINING_ONLY = java.util.Set.of(MORE, TRAIN);
    /**
     * Rounds 1's, 3's and 5's lines measured again (each needs the questions ranked or measured once more,
     * together half of this class's time in CI): {@code -Dparley.faq.history=true}. Their figures are in
     * docs/BUSINESS-MODELS.md.
     */
    static final boolean HISTORY = Boolean.getBoolean("parley.faq.history");
    /** The sets no model was trained on. */
    static final List<String> BLIND = List.of(HELD_OUT_8, HELD_OUT_9, HELD_OUT_10, HELD_OUT_11, HELD_OUT_12);
    /** Of them, those whose businesses are new too (faq-heldout-8 asks new questions of the first five). */
    static final List<String> BLIND_NEW_BUSINESSES = BLIND.subList(1, BLIND.size());
    static final Map<String, String> PROFILES = new LinkedHashMap<>();
    static final Map<String, List<LabelledSet.Row>> SETS = new LinkedHashMap<>();
    static final Map<String, List<AutomationStore.Faq>> ONE_PHRASING = new LinkedHashMap<>();
    static final Map<String, List<AutomationStore.Faq>> PHRASINGS = new LinkedHashMap<>();
    /** The five businesses of faq-entries.tsv, each with a profile (the eighteen of faq-more-entries.tsv have none). */
    static final java.util.Set<String> FIVE = new java.util.HashSet<>();
    static final List<Case> CASES = new ArrayList<>();
    static FaqMatcher MATCHER;
    static dev.parley.textmodel.Embedder EMBEDDER;

    /**
     * One question with every entry of its business ranked, once with the entries' first
     * question only ({@code single}) and once with all their phrasings ({@code fits}), and the
     * matcher's best match with all phrasings.
     */
    record Case(String set, LabelledSet.Row row, List<FaqMatcher.Fit> single, List<FaqMatcher.Fit> fits,
                FaqMatcher.Match match, FaqMatcher.Match bare, FaqMatcher.Measured measured, FaqMatcher.Measured noProfile,
                Optional<String> round3Unexplained) {
        String expected() {
            return row.col(1);
        }

        String kind() {
            return row.col(2);
        }

        String text() {
            return row.col(3);
        }
    }

    @BeforeAll
    static void load() throws Exception {
        EMBEDDER = TestEmbedder.shared(); // each text once
        FaqMatcher matcher = new FaqMatcher(EMBEDDER);
        MATCHER = matcher;
        LabelledSet.load("faq-entries.tsv").rows().forEach(r -> FIVE.add(r.col(0)));
        for (LabelledSet.Row r : entryRows()) {
            ONE_PHRASING.computeIfAbsent(r.col(0), k -> new ArrayList<>())
                    .add(new AutomationStore.Faq(r.col(1), r.col(2), r.col(4), keywords(r), Instant.EPOCH));
            PHRASINGS.computeIfAbsent(r.col(0), k -> new ArrayList<>()).add(withPhrasings(r));
        }
        SETS.put(TUNING, LabelledSet.load("faq-questions.tsv").rows());
        SETS.put(SUBJECTS, LabelledSet.load("faq-subjects.tsv").rows());
        SETS.put(OLD_HELD_OUT, LabelledSet.load("faq-heldout.tsv").rows());
        SETS.put(ROUND_3, LabelledSet.load("faq-heldout-3.tsv").rows());
        SETS.put(HELD_OUT, LabelledSet.load("faq-heldout-4.tsv").rows());
        SETS.put(HELD_OUT_5, LabelledSet.load("faq-heldout-5.tsv").rows());
        SETS.put(HELD_OUT_6, LabelledSet.load("faq-heldout-6.tsv").rows());
        SETS.put(HELD_OUT_7, LabelledSet.load("faq-heldout-7.tsv").rows());
        SETS.put(HELD_OUT_8, LabelledSet.load("faq-heldout-8.tsv").rows());
        SETS.put(HELD_OUT_9, LabelledSet.load("faq-heldout-9.tsv").rows());
        SETS.put(HELD_OUT_10, LabelledSet.load("faq-heldout-10.tsv").rows());
        SETS.put(HELD_OUT_11, LabelledSet.load("faq-heldout-11.tsv").rows());
        SETS.put(HELD_OUT_12, LabelledSet.load("faq-heldout-12.tsv").rows());
        SETS.put(MORE, LabelledSet.load("faq-more.tsv").rows());
        SETS.put(TRAIN, LabelledSet.load("faq-train.tsv").rows());
        LabelledSet.load("faq-profiles.tsv").rows().forEach(r -> PROFILES.put(r.col(0), r.col(1)));
        String export = System.getProperty("parley.faq.features");
        if (export != null) {
            writeFeatures(matcher, Path.of(export), System.getProperty("parley.faq.folds"));
        }
        SETS.forEach((set, rows) -> rows.stream().filter(r -> !TRAINING_ONLY.contains(set)).forEach(r -> {
            List<AutomationStore.Faq> entries = PHRASINGS.get(r.col(0));
            String profile = PROFILES.getOrDefault(r.col(0), ""); // the eighteen: no profile
            // The first rounds' rankings only for their lines, on request: two of the four rankings a question costs.
            List<FaqMatcher.Fit> fits = HISTORY ? matcher.rank(r.col(3), entries) : List.of();
            FaqMatcher.Measured measured = matcher.measure(r.col(3), entries, profile).orElseThrow();
            CASES.add(new Case(set, r, HISTORY ? matcher.rank(r.col(3), ONE_PHRASING.get(r.col(0))) : List.of(), fits,
                    matcher.judge(measured),
                    // Typed bare (questions alone) is reported for the blind sets only: on the others it
                    // cost CI half a minute for figures docs/ never quote.
                    BLIND.contains(set) ? matcher.best(r.col(3), ONE_PHRASING.get(r.col(0)), profile).orElseThrow()
                            : matcher.judge(measured), measured,
                    profile.isEmpty() || !HISTORY ? measured : matcher.measure(r.col(3), entries, "").orElseThrow(),
                    HISTORY ? round3Unexplained(r.col(3), fits, entries) : Optional.empty()));
        }));
    }

    /** Every labelled business's entries, one row each: the five, the eighteen, the training and the blind businesses. */
    static List<LabelledSet.Row> entryRows() {
        List<LabelledSet.Row> rows = new ArrayList<>();
        for (String file : List.of("faq-entries.tsv", "faq-more-entries.tsv", "faq-train-entries.tsv",
                "faq-heldout-9-entries.tsv", "faq-heldout-10-entries.tsv", "faq-heldout-11-entries.tsv",
                "faq-heldout-12-entries.tsv")) {
            rows.addAll(LabelledSet.load(file).rows());
        }
        return rows;
    }

    /** An entry row as the owner typed it: its question, its example phrasings, its answer and keywords. */
    static AutomationStore.Faq withPhrasings(LabelledSet.Row r) {
        List<String> phrasings = new ArrayList<>(List.of(r.col(2)));
        phrasings.addAll(Arrays.asList(r.col(5).split("\\|")));
        return new AutomationStore.Faq(r.col(1), null, phrasings, r.col(4), keywords(r), Instant.EPOCH);
    }

    private static List<String> keywords(LabelledSet.Row r) {
        return r.col(3).isBlank() ? List.of() : Arrays.stream(r.col(3).split(",")).map(String::strip).toList();
    }

    /** Answers an owner in a hurry types. */
    private static final List<String> TERSE = List.of("Yes.", "Yes, of course.", "No, sorry.", "Please ask in store.",
            "See our website for details.", "Call us and we'll sort it out.", "Sure, just ask us.", "It depends, message us.");

    /**
     * What scripts/faq-decision/train.py learns the decision from: every question against all its
     * business's entries, against one, two and three of them (with the entry it means, and
     * without), as a business that has typed only a few entries would be asked, and against all of
     * them with answers of a few words or a placeholder, as an owner in a hurry writes them.
     */
    private static void writeFeatures(FaqMatcher shipped, Path file, String folds) throws java.io.IOException {
        List<String> lines = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        lines.add("set\tbusiness\tkind\texpected\tentries\tbest\t" + String.join("\t", FaqDecision.FEATURES));
        Map<String, FaqMatcher> byBusiness = new HashMap<>();
        SETS.forEach((set, rows) -> rows.forEach(r -> {
            FaqMatcher matcher = byBusiness.computeIfAbsent(r.col(0), b -> withoutBusiness(shipped, folds, b));
            List<AutomationStore.Faq> all = PHRASINGS.get(r.col(0));
            String profile = PROFILES.getOrDefault(r.col(0), "");
            List<AutomationStore.Faq> others = new ArrayList<>(all.stream().filter(f -> !f.id().equals(r.col(1))).toList());
            java.util.Collections.shuffle(others, new java.util.Random(r.col(3).hashCode()));
            Map<String, List<AutomationStore.Faq>> subsets = new LinkedHashMap<>();
            subsets.put("all", all);
            for (int k = 1; k <= 3; k++) {
                subsets.put(k + " without", others.subList(0, k));
                if (others.size() < all.size()) { // a paraphrase: the entry it means, and k - 1 others
                    List<AutomationStore.Faq> with = new ArrayList<>(others.subList(0, k - 1));
                    with.add(all.stream().filter(f -> f.id().equals(r.col(1))).findFirst().orElseThrow());
                    subsets.put(k + " with", with);
                }
            }
            // Owners who write little: answers of a few words, or the entry's question again as a placeholder.
            subsets.put("terse answers", all.stream().map(f -> new AutomationStore.Faq(f.id(), null, f.questions(),
                    TERSE.get(Math.floorMod(f.id().hashCode(), TERSE.size())), f.keywords(), f.createdAt())).toList());
            subsets.put("one phrasing", ONE_PHRASING.get(r.col(0))); // the owner typed each entry's question alone
            subsets.put("placeholder answers", all.stream().map(f -> new AutomationStore.Faq(f.id(), null, f.questions(),
                    "Answer to: " + f.question(), f.keywords(), f.createdAt())).toList());
            subsets.forEach((name, entries) -> {
                FaqMatcher.Measured m = matcher.measure(r.col(3), entries, profile).orElseThrow();
                lines.add(String.join("\t", set, r.col(0), r.col(2), r.col(1), name, m.top().entry().id(),
                        Arrays.stream(m.features().vector()).mapToObj(Double::toString)
                                .collect(java.util.stream.Collectors.joining("\t"))));
                texts.add(String.join("\t", oneLine(r.col(3)), oneLine(String.join(" | ", m.top().entry().questions())),
                        oneLine(m.top().entry().answer())));
            });
        }));
        Files.write(file, lines);
        Files.write(Path.of(file + ".texts"), texts); // what the word pairs learn from (scripts/faq-decision/pairs.py)
    }

    /**
     * The matcher as the node is for a business the word pairs never saw: with the pairs training fitted
     * without this business ({@code train.py --write-pairs} writes one file a business: the weights, the
     * shared words' weight and the intercept, little-endian floats), so that its entries are ranked as a
     * new business's would be. Without such a file (the blind sets' businesses, or before the pairs are
     * trained again on a new embedding), the shipped pairs with the embedding that never saw the business.
     */
    private static FaqMatcher withoutBusiness(FaqMatcher shipped, String folds, String business) {
        Path fold = folds == null ? null : Path.of(folds, business + ".f32");
        boolean pairsFold = fold != null && Files.exists(fold);
        dev.parley.textmodel.Embedder embedder = embedderWithout(business);
        if (!pairsFold && embedder == EMBEDDER) {
            return shipped;
        }
        return new FaqMatcher(embedder, pairsFold ? pairsFrom(fold) : FaqPairs.shipped());
    }

    /** A pairs fit {@code train.py --write-pairs} wrote for one business left out. */
    private static FaqPairs pairsFrom(Path fold) {
        try {
            java.nio.FloatBuffer all = java.nio.ByteBuffer.wrap(Files.readAllBytes(fold))
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            float[] weights = new float[all.remaining() - 2];
            all.get(weights);
            return new FaqPairs(weights, all.get(), all.get(), FaqPairs.shipped().answerValue());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The sentence embedding as the node's is for a business its fine-tuning never saw: the model tuned
     * with this business's third of the training businesses left out ({@code scripts/faq-embed}: one folder
     * a third, with {@code model-q.onnx}, {@code tokenizer.json} and {@code left-out.txt}), named by
     * {@code -Dparley.faq.embedders=DIR}. Without it, or for a business no third left out, the shipped model.
     */
    private static dev.parley.textmodel.Embedder embedderWithout(String business) {
        String dir = System.getProperty("parley.faq.embedders");
        if (dir == null) {
            return EMBEDDER;
        }
        try (var thirds = Files.list(Path.of(dir))) {
            for (Path third : thirds.sorted().toList()) {
                Path leftOut = third.resolve("left-out.txt");
                if (Files.exists(leftOut) && Files.readAllLines(leftOut).contains(business)) {
                    return FOLD_EMBEDDERS.computeIfAbsent(third, FaqEvaluationTest::embedder);
                }
            }
            return EMBEDDER;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final Map<Path, dev.parley.textmodel.Embedder> FOLD_EMBEDDERS = new HashMap<>();

    private static dev.parley.textmodel.Embedder embedder(Path third) {
        var model = new dev.langchain4j.model.embedding.onnx.OnnxEmbeddingModel(third.resolve("model-q.onnx"),
                third.resolve("tokenizer.json"), dev.langchain4j.model.embedding.onnx.PoolingMode.MEAN);
        return TestEmbedder.memoised(x -> model.embed(x).content().vector());
    }

    private static String oneLine(String text) {
        return text.replace('\t', ' ').replace('\n', ' ');
    }

    /** Round 3's check: the question as typed, only the entries' own words count as written. */
    private static Optional<String> round3Unexplained(String question, List<FaqMatcher.Fit> fits,
                                                      List<AutomationStore.Faq> entries) {
        java.util.Set<String> written = new java.util.HashSet<>();
        entries.forEach(f -> written.addAll(WordOverlap.terms(String.join(" ", f.questions()) + " "
                + String.join(" ", f.keywords()) + " " + f.answer())));
        List<String> tokens = Arrays.asList(question.strip().split("\\s+"));
        return MATCHER.unexplained(question, tokens, FaqMatcher.unwritten(tokens, written), fits.get(0).entry());
    }

    /** What a variant did with one set: answered right, answered wrong, near misses and unrelated answered. */
    record Tally(int paraphrases, int right, int wrongEntry, int near, int nearAnswered, int off, int offAnswered) {
        double accuracy() {
            return (double) right / paraphrases;
        }

        /** What the tuning maximises: right answers, less wrong ones, less half the near misses answered. */
        double merit() {
            return right - wrongEntry - 0.5 * nearAnswered;
        }

        String line() {
            return String.format("paraphrases right %d/%d = %.1f%%, wrong entry %d, near misses answered %d/%d, "
                    + "unrelated answered %d/%d", right, paraphrases, 100 * accuracy(), wrongEntry, nearAnswered, near,
                    offAnswered, off);
        }
    }

    /** @param answer the entry the variant answers with, or empty when it stays silent */
    private static Tally tally(String set, Function<Case, Optional<String>> answer, List<String> misses) {
        int paraphrases = 0, right = 0, wrong = 0, near = 0, nearAnswered = 0, off = 0, offAnswered = 0;
        for (Case c : CASES) {
            if (!c.set().equals(set)) {
                continue;
            }
            Optional<String> a = answer.apply(c);
            switch (c.kind()) {
                case "para" -> {
                    paraphrases++;
                    if (a.isPresent() && a.get().equals(c.expected())) {
                        right++;
                    } else {
                        wrong += a.isPresent() ? 1 : 0;
                        misses.add("paraphrase " + (a.isPresent() ? "answered with " + a.get() : "not answered")
                                + " (wanted " + c.expected() + "): " + c.text());
                    }
                }
                case "near" -> {
                    near++;
                    if (a.isPresent()) {
                        nearAnswered++;
                        misses.add("near miss answered with " + a.get() + ": " + c.text());
                    }
                }
                default -> {
                    off++;
                    if (a.isPresent()) {
                        offAnswered++;
                        misses.add("unrelated answered with " + a.get() + ": " + c.text());
                    }
                }
            }
        }
        return new Tally(paraphrases, right, wrong, near, nearAnswered, off, offAnswered);
    }

    private static Tally report(String name, String set, Function<Case, Optional<String>> answer, boolean printMisses) {
        List<String> misses = new ArrayList<>();
        Tally t = tally(set, answer, misses);
        System.out.printf("faq bot [%s] %s: %s%n", name, set, t.line());
        if (printMisses) {
            misses.forEach(m -> System.out.println("  " + m));
        }
        return t;
    }

    /** Last session's matcher: the better of question and answer, + 0.1 shared words, + the lead (0.25, capped at 0.1). */
    private static Optional<String> lastSession(List<FaqMatcher.Fit> fits) {
        List<FaqMatcher.Fit> ranked = new ArrayList<>(fits);
        ToDoubleFunction<FaqMatcher.Fit> raw = f -> Math.max(f.phrasing(), f.answer()) + 0.1 * f.words();
        ranked.sort(Comparator.comparingDouble(raw).reversed());
        double lead = raw.applyAsDouble(ranked.get(0)) - raw.applyAsDouble(ranked.get(1));
        return raw.applyAsDouble(ranked.get(0)) + 0.25 * Math.min(lead, 0.1) >= 0.36
                ? Optional.of(ranked.get(0).entry().id()) : Optional.empty();
    }

    /** Round 2's decision: the score alone, answered from the line the ask-back band starts at now (raw 0.61). */
    private static Optional<String> scoreOnly(Case c) {
        return Optional.of(c.measured().top()).filter(f -> f.raw() >= 0.61).map(f -> f.entry().id());
    }

    /** Round 3's decision: raw 0.805 and the entry explains the question, without profile, everyday words or shorthand. */
    private static Optional<String> round3(Case c) {
        return Optional.of(c.fits().get(0)).filter(f -> f.raw() >= 0.805 && c.round3Unexplained().isEmpty())
                .map(f -> f.entry().id());
    }

    /**
     * Rounds 4 to 7's hand-set lines: raw 0.785 when every word is written, else 0.861, or 0.82
     * when the question speaks to the business ({@code addressed}, round 7); the entry must explain it.
     */
    private static Optional<String> lines(FaqMatcher.Measured m, boolean addressed) {
        FaqDecision.Features f = m.features();
        double line = f.written() ? 0.785 : addressed && f.addressed() ? 0.82 : 0.861;
        return Optional.of(m.top()).filter(t -> t.raw() >= line && m.unexplained().isEmpty()).map(t -> t.entry().id());
    }

    /** What the node does (round 9): the trained decision at the business's threshold. */
    private static Optional<String> chosen(Case c) {
        return Optional.of(c.match()).filter(m -> m.answers(threshold())).map(m -> m.entry().id());
    }

    /** The node's decision when the business typed each entry's question and answer and nothing more. */
    private static Optional<String> chosenBare(Case c) {
        return Optional.of(c.bare()).filter(m -> m.answers(threshold())).map(m -> m.entry().id());
    }

    /** The node's decision on each business of a set, and which of its unrelated questions it answered. */
    private static void perBusiness(String set) {
        CASES.stream().filter(c -> c.set().equals(set)).map(c -> c.row().col(0)).distinct().forEach(b -> {
            List<Case> mine = CASES.stream().filter(c -> c.set().equals(set) && c.row().col(0).equals(b)).toList();
            long para = mine.stream().filter(c -> c.kind().equals("para")).count();
            long right = mine.stream().filter(c -> c.kind().equals("para") && chosen(c).filter(c.expected()::equals).isPresent()).count();
            long asked = mine.stream().filter(c -> c.kind().equals("para") && askedBack(c).filter(c.expected()::equals).isPresent()).count();
            System.out.printf("faq bot [chosen] %s, %s: right %d/%d, asked back right %d, near answered %d, unrelated answered %d%n",
                    set, b, right, para, asked, mine.stream().filter(c -> c.kind().equals("near") && chosen(c).isPresent()).count(),
                    mine.stream().filter(c -> c.kind().equals("off") && chosen(c).isPresent()).count());
        });
    }

    /** A question as the sets are compared: its business and its words, case aside. */
    private static String key(LabelledSet.Row r) {
        return r.col(0) + " " + r.col(3).toLowerCase();
    }

    /** The questions of these sets, as {@link #key}s. */
    private static List<String> keys(String... sets) {
        return Arrays.stream(sets).flatMap(s -> SETS.get(s).stream()).map(FaqEvaluationTest::key).toList();
    }

    /** The node's ask-back: "Did you mean …?" with this entry's question. */
    private static Optional<String> askedBack(Case c) {
        return Optional.of(c.match()).filter(m -> m.asksBack(threshold())).map(m -> m.entry().id());
    }

    private static double threshold() {
        return AutomationSettings.defaults().faqBot().threshold();
    }

    private static long count(String set, String kind, java.util.function.Predicate<Case> p) {
        return CASES.stream().filter(c -> c.set().equals(set) && c.kind().equals(kind)).filter(p).count();
    }

    @Test
    void theSetsAreLargeSeparateAndCoverSeveralBusinesses() {
        assertThat(SETS.get(HELD_OUT)).hasSizeGreaterThanOrEqualTo(200);
        assertThat(SETS.get(HELD_OUT)).extracting(r -> r.col(2)).contains("para", "near", "off");
        assertThat(SETS.get(HELD_OUT)).allSatisfy(r -> assertThat(r.split()).isEqualTo(LabelledSet.HELDOUT));
        assertThat(PROFILES.keySet()).containsExactlyInAnyOrderElementsOf(FIVE);
        // The eighteen more businesses share no business with the five, and every entry has paraphrases there.
        assertThat(SETS.get(MORE)).hasSizeGreaterThanOrEqualTo(1500).noneMatch(r -> SETS.get(TUNING).stream()
                .anyMatch(t -> t.col(0).equals(r.col(0))));
        assertThat(PHRASINGS.keySet().stream().filter(b -> SETS.get(MORE).stream().anyMatch(r -> r.col(0).equals(b))))
                .hasSize(18);
        // The training businesses are 132 others (round 16), none of the five's or round 8's.
        java.util.Set<String> earlierBusinesses = new java.util.HashSet<>(FIVE);
        SETS.get(MORE).forEach(r -> earlierBusinesses.add(r.col(0)));
        assertThat(SETS.get(TRAIN)).hasSizeGreaterThanOrEqualTo(1500).noneMatch(r -> earlierBusinesses.contains(r.col(0)));
        assertThat(SETS.get(TRAIN).stream().map(r -> r.col(0)).distinct()).hasSize(132);
        List<String> tuning = keys(TUNING, SUBJECTS, OLD_HELD_OUT, ROUND_3);
        assertThat(SETS.get(HELD_OUT)).noneMatch(r -> tuning.contains(key(r)));
        List<String> earlier = keys(TUNING, SUBJECTS, OLD_HELD_OUT, ROUND_3, HELD_OUT);
        assertThat(SETS.get(HELD_OUT_5)).hasSizeGreaterThanOrEqualTo(200).noneMatch(r -> earlier.contains(key(r)));
        List<String> fifth = keys(HELD_OUT_5);
        assertThat(SETS.get(HELD_OUT_6)).hasSizeGreaterThanOrEqualTo(200)
                .noneMatch(r -> earlier.contains(key(r))).noneMatch(r -> fifth.contains(key(r)));
        List<String> fifthAndSixth = keys(HELD_OUT_5, HELD_OUT_6);
        assertThat(SETS.get(HELD_OUT_7)).hasSizeGreaterThanOrEqualTo(200)
                .noneMatch(r -> earlier.contains(key(r))).noneMatch(r -> fifthAndSixth.contains(key(r)));
        // The blind set the trained decision is measured on repeats no question it was trained on.
        List<String> trainedOn = SETS.keySet().stream().filter(s -> !BLIND.contains(s))
                .flatMap(s -> SETS.get(s).stream()).map(FaqEvaluationTest::key).toList();
        assertThat(SETS.get(HELD_OUT_8)).hasSizeGreaterThanOrEqualTo(200).noneMatch(r -> trainedOn.contains(key(r)));
        // The later blind sets' businesses are new: no entry or question of theirs is in another set.
        for (String blind : BLIND_NEW_BUSINESSES) {
            java.util.Set<String> elsewhere = new java.util.HashSet<>();
            SETS.forEach((set, rows) -> {
                if (!set.equals(blind)) {
                    rows.forEach(r -> elsewhere.add(r.col(0)));
                }
            });
            assertThat(SETS.get(blind)).as(blind).hasSizeGreaterThanOrEqualTo(250).noneMatch(r -> elsewhere.contains(r.col(0)));
        }
        assertThat(PHRASINGS).hasSizeGreaterThanOrEqualTo(4);
        for (List<LabelledSet.Row> rows : SETS.values()) {
            assertThat(rows).allSatisfy(r -> {
                assertThat(PHRASINGS).containsKey(r.col(0));
                assertThat(r.col(2)).isIn("para", "near", "off");
                if (r.col(2).equals("para")) {
                    assertThat(PHRASINGS.get(r.col(0))).extracting(AutomationStore.Faq::id).contains(r.col(1));
                }
            });
        }
        // Every entry of every business has paraphrases in the held-out set, the bike shop's five issue entries most.
        assertThat(SETS.get(HELD_OUT)).filteredOn(r -> r.col(2).equals("para")).extracting(r -> r.col(0) + "/" + r.col(1))
                .containsAll(PHRASINGS.entrySet().stream().filter(e -> FIVE.contains(e.getKey()))
                        .flatMap(e -> e.getValue().stream().map(f -> e.getKey() + "/" + f.id())).toList());
        for (String set : List.of(MORE, TRAIN)) {
            java.util.Set<String> businesses = SETS.get(set).stream().map(r -> r.col(0)).collect(java.util.stream.Collectors.toSet());
            assertThat(SETS.get(set)).filteredOn(r -> r.col(2).equals("para")).extracting(r -> r.col(0) + "/" + r.col(1))
                    .containsAll(PHRASINGS.entrySet().stream().filter(e -> businesses.contains(e.getKey()))
                            .flatMap(e -> e.getValue().stream().map(f -> e.getKey() + "/" + f.id())).toList());
        }
    }

    @Test
    void theDefaultThresholdIsTheMeasuredOne() {
        assertThat(AutomationSettings.defaults().faqBot().threshold()).isEqualTo(FaqMatcher.DEFAULT_THRESHOLD);
        assertThat(new AutomationSettings(null, null, new AutomationSettings.FaqBot(true, null, null), null, null)
                .validated().faqBot().threshold()).isEqualTo(FaqMatcher.DEFAULT_THRESHOLD);
    }

    @Test
    void anEntrysOwnQuestionIsAnsweredSoConfirmingAnAskBackGetsTheAnswer() {
        // The ask-back tells the customer to send the entry's question; that must then be answered. Checked
        // on the businesses the sets measure: the training-only ones' entries were the models' own training
        // rows, and embedding their thousands of phrasings took a third of this class's time in CI.
        List<String> measured = CASES.stream().map(c -> c.row().col(0)).distinct().toList();
        assertThat(measured).hasSizeGreaterThanOrEqualTo(29); // the five, the tuning sets' and the blind sets' businesses
        for (String business : measured) {
            List<AutomationStore.Faq> entries = PHRASINGS.get(business);
            entries.forEach(f -> assertThat(MATCHER.best(f.question(), entries))
                    .as(business + ": " + f.question()).hasValueSatisfying(m -> {
                        assertThat(m.entry().id()).isEqualTo(f.id());
                        assertThat(m.answers(threshold())).isTrue();
                    }));
        }
    }

    /**
     * A shop that typed five entries and nothing more (the five), with a landmark in its
     * directions and "post it back" in its returns: questions about the library's and the post
     * office's hours were answered with the shop's hours before round 5.
     */
    @Test
    void aLandmarkInOneAnswerDoesNotMakeAThirdPartysQuestionTheShops() {
        List<AutomationStore.Faq> shop = List.of(
                new AutomationStore.Faq("hours", "What are your opening hours?",
                        "We're open Monday to Friday 8am-7pm and Saturday 9am-5pm. Closed Sundays.", List.of(), Instant.EPOCH),
                new AutomationStore.Faq("shipping", "How long does shipping take?",
                        "Most orders are dispatched the next working day and arrive within 3-5 working days.", List.of(), Instant.EPOCH),
                new AutomationStore.Faq("returns", "What is your returns policy?", "You can return anything unused "
                        + "within 28 days for a full refund; bring or post it back with proof of purchase.", List.of(), Instant.EPOCH),
                new AutomationStore.Faq("pricematch", "Do you price match?",
                        "Yes. If you find the same product cheaper at another retailer, we'll match their price.", List.of(), Instant.EPOCH),
                new AutomationStore.Faq("location", "Where is your store?",
                        "Our store is at 220 Harbour Street, opposite the library.", List.of(), Instant.EPOCH));
        for (String thirdParty : List.of("Is the library open on Sundays?", "What time does the post office close?")) {
            assertThat(MATCHER.best(thirdParty, shop)).as(thirdParty)
                    .hasValueSatisfying(m -> assertThat(m.answers(threshold())).isFalse());
        }
        for (String own : List.of("are you open on saturday", "How many days for delivery?", "How do I find your shop?")) {
            assertThat(MATCHER.best(own, shop)).as(own).hasValueSatisfying(m -> assertThat(m.answers(threshold())).isTrue());
        }
    }

    @Test
    void answersAlmostNoUnrelatedQuestionOfTheTuningSets() {
        // Round 7's lines answered none of these 141 (they were set so); the trained decision, which
        // learnt from them among 6,920 questions, answers one ("faq-subjects.tsv"), and holds there.
        int answered = 0;
        for (String set : List.of(TUNING, SUBJECTS, OLD_HELD_OUT, ROUND_3)) {
            answered += tally(set, FaqEvaluationTest::chosen, new ArrayList<>()).offAnswered();
        }
        assertThat(answered).as("unrelated tuning questions answered").isLessThanOrEqualTo(1);
    }

    @Test
    void answersParaphrasesAndNoUnrelatedQuestionOnTheHeldOutSet() {
        for (String set : SETS.keySet().stream().filter(s -> !TRAINING_ONLY.contains(s)).toList()) {
            if (HISTORY) {
                report("last session: one question, better of question/answer + words + lead, 0.55", set,
                        c -> lastSession(c.single()), false);
                report("+ example phrasings, last session's score", set, c -> lastSession(c.fits()), false);
            }
            report("round 2's matcher: phrasings, nearest phrasing + 0.6 answer + 0.1 words, raw 0.61", set,
                    FaqEvaluationTest::scoreOnly, false);
            if (HISTORY) {
                report("round 3: raw 0.805 and the entry explains the question (entries' words only)", set,
                        FaqEvaluationTest::round3, false);
                report("round 5: without the profile, shorthand written out, everyday words explained, raw 0.785 when "
                        + "every word is written else 0.861", set, c -> lines(c.noProfile(), false), false);
            }
            report("round 6: + the business profile's words count as written", set, c -> lines(c.measured(), false), false);
            report("round 7: a question that says \"you\" needs 0.82, not 0.861", set, c -> lines(c.measured(), true), false);
            report("chosen (round 15): the tuned embedding, word pairs and trained decision, in-sample except on faq-heldout-8 to -12", set,
                    FaqEvaluationTest::chosen, BLIND.contains(set));
            if (BLIND.contains(set)) {
                report("chosen, each entry typed as its question alone (no example phrasings)", set,
                        FaqEvaluationTest::chosenBare, false);
            }
            if (BLIND_NEW_BUSINESSES.contains(set)) {
                perBusiness(set);
            }
            System.out.printf("faq bot [chosen] %s: asked back with the right entry %d paraphrases, "
                            + "with some entry %d near misses and %d unrelated questions%n", set,
                    count(set, "para", c -> askedBack(c).filter(c.expected()::equals).isPresent()),
                    count(set, "near", c -> askedBack(c).isPresent()), count(set, "off", c -> askedBack(c).isPresent()));
        }
        Tally held = tally(HELD_OUT, FaqEvaluationTest::chosen, new ArrayList<>());
        long confirmable = held.right() + count(HELD_OUT, "para", c -> askedBack(c).filter(c.expected()::equals).isPresent());
        // Answered or asked back with the right entry: the customer gets the answer at once or with one confirmation.
        assertThat((double) confirmable / held.paraphrases()).as("held-out paraphrases answered or asked back right")
                .isGreaterThanOrEqualTo(0.9);
        // The issue asks for >= 90% answered right AND no unrelated question answered; no decision
        // measured reaches both (docs/BUSINESS-MODELS.md, rounds 4 to 9). Since round 9 the sets below
        // are in the trained decision's training data, so these figures are in-sample; what it does on
        // questions and businesses it never saw is faq-heldout-8 (below) and train.py's figures with each
        // business left out. These bars keep what was reached from slipping; they are not the goal.
        assertThat(held.accuracy()).as("held-out paraphrases answered with the right entry").isGreaterThanOrEqualTo(0.76);
        assertThat(held.wrongEntry()).as("held-out paraphrases answered with a wrong entry").isLessThanOrEqualTo(2);
        assertThat(held.offAnswered()).as("held-out unrelated questions answered").isZero();
        Tally fresh = tally(HELD_OUT_5, FaqEvaluationTest::chosen, new ArrayList<>());
        assertThat(fresh.accuracy()).as("round 5's set answered right").isGreaterThanOrEqualTo(0.43);
        assertThat(fresh.wrongEntry() + fresh.offAnswered()).as("round 5's set wrong entry or unrelated").isLessThanOrEqualTo(3);
        Tally sixth = tally(HELD_OUT_6, FaqEvaluationTest::chosen, new ArrayList<>());
        assertThat(sixth.accuracy()).as("round 6's set answered right").isGreaterThanOrEqualTo(0.36);
        assertThat(sixth.wrongEntry() + sixth.offAnswered()).as("round 6's set wrong entry or unrelated").isLessThanOrEqualTo(1);
        Tally seventh = tally(HELD_OUT_7, FaqEvaluationTest::chosen, new ArrayList<>());
        assertThat(seventh.accuracy()).as("round 7's set answered right").isGreaterThanOrEqualTo(0.50);
        assertThat(seventh.wrongEntry() + seventh.offAnswered()).as("round 7's set wrong entry or unrelated").isLessThanOrEqualTo(1);
        // Round 9's blind set, measured with the trained decision (trained without it; five times, one per
        // model, as docs/BUSINESS-MODELS.md says): 42.1% right (round 7's lines: 42.1%), 88.3% with
        // ask-backs, 1 wrong entry (2), no near miss (0) and 1 of 50 unrelated questions answered (5).
        // Round 12's word pairs (FaqPairs, also trained without it; measured at the cut 0.85 first, then
        // at 0.9 as shipped): 71.0% right, 91.7% with ask-backs, 2 wrong entries ("is it free" answered
        // with the free trial, not the prices, and its mirror), 1 near miss, 1 unrelated answered.
        // Round 13 (eighteen more training businesses, entries typed without phrasings trained on, 500 trees):
        // 81.4%, 2 wrong entries, 1 near miss and 2 unrelated questions ("how long do I have to return stuff
        // to Amazon", answered with the returns). With the entries ranked by the word pairs too: 80.7%, 97.9%
        // with ask-backs (92.4%), 1 wrong entry, 1 near miss, the same 2 unrelated questions.
        // Round 14 (the sentence embedding tuned on the training businesses' questions): 87.6%, all 145 with
        // ask-backs, no wrong entry, no near miss and no unrelated question answered.
        // Round 15 (the embedding tuned with the entries' answers, 24 more businesses, pairs and trees again): 89.0%,
        // 144 of 145 with ask-backs, no wrong entry, near miss or unrelated question.
        Tally eighth = tally(HELD_OUT_8, FaqEvaluationTest::chosen, new ArrayList<>());
        assertThat(eighth.accuracy()).as("round 9's blind set answered right").isGreaterThanOrEqualTo(0.88);
        assertThat(eighth.wrongEntry()).as("round 9's blind set answered with a wrong entry").isLessThanOrEqualTo(1);
        assertThat(eighth.offAnswered()).as("round 9's blind set unrelated answered").isLessThanOrEqualTo(1);
        // Round 12's blind set: six businesses nothing was trained on, measured once the pairs and trees
        // were built (and once with round 9's trees, for the record): 62.5% right (round 9: 55.2%), 87.0%
        // with ask-backs (86.5%), 1 wrong entry (2), 1 near miss (1), no unrelated question answered (0),
        // and 4 unrelated questions asked back where round 9 asked back 25.
        Tally ninth = tally(HELD_OUT_9, FaqEvaluationTest::chosen, new ArrayList<>());
        // Round 13: 69.8%, 88.5% with ask-backs, 3 wrong entries ("is it free" answered with the free trial,
        // "how do i stop getting coffee every month" with the subscription, not the cancelling), the rest as before.
        // Round 14: 73.4%, 92.2% with ask-backs, 2 wrong entries, no near miss, no unrelated question.
        // Round 15: 78.1%, 92.7% with ask-backs, 2 wrong entries, no near miss, no unrelated question.
        assertThat(ninth.accuracy()).as("the six new businesses' paraphrases answered right").isGreaterThanOrEqualTo(0.77);
        assertThat(ninth.wrongEntry()).as("the six new businesses' paraphrases answered wrong").isLessThanOrEqualTo(2);
        assertThat(ninth.nearAnswered()).as("the six new businesses' near misses answered").isLessThanOrEqualTo(1);
        assertThat(ninth.offAnswered()).as("the six new businesses' unrelated questions answered").isZero();
        // Round 13's blind set, six more businesses with paraphrases that mostly avoid the entries' words: 47.4%
        // with round 12's models, 58.6% with round 13's, 90.1% with ask-backs, 2 wrong entries, 1 near miss and
        // no unrelated question answered.
        // Round 14: 65.6%, 89.6% with ask-backs, 3 wrong entries, 2 near misses and no unrelated question answered.
        // Round 15: 71.1%, 91.7% with ask-backs, 4 wrong entries, 2 near misses and no unrelated question answered.
        assertBlindSet(HELD_OUT_10, "round 13's blind set", 0.70, 4, 2);
        // Round 14's blind set (a window cleaner, a bridal shop, a pottery, a used car dealer, a sushi takeaway,
        // student lets), measured with round 13's models before anything changed: 50.3% right, 80.7% with
        // ask-backs, 7 wrong entries, 1 near miss and 2 unrelated questions answered; with round 14's: 59.4%,
        // 83.6% with ask-backs, 9 wrong entries, no near miss and 1 unrelated question answered; with round
        // 15's: 65.9%, 87.2% with ask-backs, 10 wrong entries, 1 near miss and 2 unrelated questions answered.
        // Read without greetings and thanks (Pleasantries, 6 Dec): 64.8%; four questions had been answered on the strength
        // of their "Good morning," or "Dear Sir or Madam," ("Good morning, I'd like to know which days of the week you
        // trade."), a greeting that cost far more where it was added to every question (FaqPleasantriesEvaluationTest).
        assertBlindSet(HELD_OUT_11, "round 14's blind set", 0.64, 10, 3);
        // Round 15's blind set (a hot tub hire, an online tea shop, a children's party entertainer, a brow bar, a
        // piano tuner, a mobile tyre fitter), measured with round 14's models before anything changed: 57.0%
        // right, 85.2% with ask-backs, 9 wrong entries, 5 near misses and 2 unrelated questions answered; with
        // round 15's: 65.1%, 86.7% with ask-backs, 9 wrong entries, 2 near misses and no unrelated question.
        assertBlindSet(HELD_OUT_12, "round 15's blind set", 0.64, 9, 2);
    }

    /** What the shipped bot reached on a blind set, held so it does not slip (not the goal). */
    private static void assertBlindSet(String set, String name, double right, int wrong, int nearOrUnrelated) {
        Tally t = tally(set, FaqEvaluationTest::chosen, new ArrayList<>());
        assertThat(t.accuracy()).as(name + " answered right").isGreaterThanOrEqualTo(right);
        assertThat(t.wrongEntry()).as(name + " answered wrong").isLessThanOrEqualTo(wrong);
        assertThat(t.nearAnswered() + t.offAnswered()).as(name + " near or unrelated answered").isLessThanOrEqualTo(nearOrUnrelated);
    }

    /**
     * A business that typed each entry as one question and its answer, no example phrasings: what an owner
     * in a hurry does, and what round 12's models had never been trained on (39.3%, 36.5% and 26.3% of the
     * three blind sets' paraphrases answered right). Round 13 trained on such businesses too: 67.6%, 57.3%
     * and 54.4%, one wrong entry on each set, and 3 near misses and 1 unrelated question answered of 398.
     * Round 14 (the tuned embedding; a fourth set, 41.1% with round 13's models): 75.9%, 58.9%, 59.1% and
     * 50.3%, wrong entries 1, 0, 5 and 7, and 2 near misses and 2 unrelated questions answered of 608.
     * Round 15 (a fifth set, 40.4% with round 14's models): 77.2%, 65.6%, 64.6%, 56.5% and 56.3%, wrong entries
     * 0, 2, 4, 8 and 7, and 4 near misses and 3 unrelated questions answered of 818. Read without greetings and
     * thanks (Pleasantries, 6 Dec): 77.2%, 65.6%, 64.3%, 55.7% and 55.7%, wrong entries 0, 2, 3, 9 and 7.
     */
    @Test
    void aBusinessThatTypedNoExamplePhrasingsIsStillAnswered() {
        double[] floors = {0.76, 0.65, 0.64, 0.55, 0.55};
        int[] wrong = {1, 2, 4, 9, 7};
        int offOrNear = 0;
        for (int i = 0; i < BLIND.size(); i++) {
            Tally t = tally(BLIND.get(i), FaqEvaluationTest::chosenBare, new ArrayList<>());
            assertThat(t.accuracy()).as(BLIND.get(i) + ", no example phrasings, answered right").isGreaterThanOrEqualTo(floors[i]);
            assertThat(t.wrongEntry()).as(BLIND.get(i) + ", no example phrasings, wrong entry").isLessThanOrEqualTo(wrong[i]);
            offOrNear += t.nearAnswered() + t.offAnswered();
        }
        assertThat(offOrNear).as("near misses and unrelated questions answered, no example phrasings").isLessThanOrEqualTo(7);
    }
}
