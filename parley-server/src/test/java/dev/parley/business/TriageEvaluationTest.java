package dev.parley.business;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.eval.LabelledSet;
import dev.parley.textmodel.TestEmbedder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Triage on customer messages to many kinds of business: questions, complaints, praise, and mixed
 * messages labelled with what an agent acts on first. The claim is measured on blind sets no
 * training saw ({@code eval/triage-3.tsv} to {@code -7.tsv}); every message must get a label. Accuracy, per-label
 * figures and misses are printed for CI and docs/BUSINESS-MODELS.md.
 */
@Tag("store-free")
class TriageEvaluationTest {
    static Triage triage;
    static final LabelledSet SET = LabelledSet.load("triage.tsv");
    static final LabelledSet SECOND = LabelledSet.load("triage-2.tsv");

    @BeforeAll
    static void load() throws Exception {
        triage = Triage.standard(TestEmbedder.shared());
    }

    private static double measure(String split) {
        return measure(SET, "triage.tsv", split);
    }

    private static double measure(LabelledSet set, String name, String split) {
        int right = 0;
        int total = 0;
        int unlabelled = 0;
        Map<String, int[]> perLabel = new HashMap<>();
        List<String> misses = new ArrayList<>();
        for (LabelledSet.Row r : set.split(split)) {
            Optional<Triage.Result> got = triage.classify(r.col(2), List.of());
            total++;
            int[] pl = perLabel.computeIfAbsent(r.col(0) + " (" + r.col(1) + ")", k -> new int[2]);
            pl[1]++;
            if (got.isEmpty()) {
                unlabelled++;
            }
            if (got.isPresent() && got.get().label().equals(r.col(0))) {
                right++;
                pl[0]++;
            } else {
                misses.add(r.col(0) + " taken for " + got.map(g -> String.format("%s (%.2f)", g.label(), g.score()))
                        .orElse("nothing") + ": " + r.col(2));
            }
        }
        double accuracy = (double) right / total;
        System.out.printf("triage, " + name + " %s: %d/%d = %.1f%% right, %d without a label%n", split, right, total, 100 * accuracy,
                unlabelled);
        perLabel.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> System.out.printf("  %-20s %d/%d%n", e.getKey(), e.getValue()[0], e.getValue()[1]));
        misses.forEach(m -> System.out.println("  miss: " + m));
        assertThat(unlabelled).as("messages left without a label").isZero();
        return accuracy;
    }

    @Test
    void theSetIsLargeAndMixed() {
        assertThat(SET.rows()).hasSizeGreaterThanOrEqualTo(200);
        assertThat(SET.rows()).allSatisfy(r -> {
            assertThat(r.col(0)).isIn(Triage.LABELS);
            assertThat(r.col(1)).isIn("single", "mixed");
        });
        assertThat(SET.rows()).filteredOn(r -> r.col(1).equals("mixed")).hasSizeGreaterThanOrEqualTo(20);
    }

    /**
     * The claim, on five writers who saw no other set or the model, measured once the model was
     * trained: the issue asks nine in ten. Round 12's kernel and words models: 96.3%, 93.3%, 93.9%,
     * 92.2% and 94.4%, 94.0% together (docs/BUSINESS-MODELS.md; round 11's kernel alone: 90.6%,
     * 90.6%, 88.9%, 89.4% and 92.2%; the last two sets were written for round 12 and measured once by
     * each); the floors leave a message's room for the sentence model's arithmetic on another processor.
     */
    @Test
    void labelsBlindSetsFromOtherWriters() {
        List<String> names = List.of("triage-3.tsv", "triage-4.tsv", "triage-5.tsv", "triage-6.tsv", "triage-7.tsv");
        int[] sizes = {160, 180, 180, 180, 180};
        double[] floors = {0.95, 0.92, 0.93, 0.91, 0.93};
        double right = 0;
        for (int i = 0; i < names.size(); i++) {
            LabelledSet blind = LabelledSet.load(names.get(i));
            assertThat(blind.split(LabelledSet.HELDOUT)).hasSize(sizes[i]);
            double accuracy = measure(blind, names.get(i), LabelledSet.HELDOUT);
            assertThat(accuracy).as(names.get(i) + "'s accuracy").isGreaterThanOrEqualTo(floors[i]);
            right += accuracy * sizes[i];
        }
        double all = right / java.util.Arrays.stream(sizes).sum();
        System.out.printf("triage, the five blind sets: %.1f%% right%n", 100 * all);
        assertThat(all).as("the blind sets' accuracy").isGreaterThanOrEqualTo(0.93);
    }

    /**
     * A complaint that ends with thanks is still a complaint: the blind sets' 295 complaints with " Thanks!" after them
     * were read as praise or a question 65 times (12, 12, 18, 15, 8); read both without the thanks and as written, 30 (the same
     * complaints as written: 16). An agent's urgent view lists complaints first.
     */
    @Test
    void aComplaintThatEndsWithThanksIsStillAComplaint() {
        int complaints = 0;
        int right = 0;
        for (LabelledSet.Row r : blindRows()) {
            if (r.col(0).equals("complaint")) {
                complaints++;
                right += triage.classify(r.col(2) + " Thanks!", List.of()).map(Triage.Result::label)
                        .filter("complaint"::equals).isPresent() ? 1 : 0;
            }
        }
        System.out.printf("triage, the blind sets' complaints with thanks after them: %d of %d read as complaints%n", right,
                complaints);
        assertThat(complaints).isEqualTo(295);
        assertThat((double) right / complaints).isGreaterThanOrEqualTo(0.87);
    }

    /** How customers open a message to a business, and how they end it; none of them in any training set. */
    private static final List<String> GREETINGS = List.of("Hi there, ", "Good morning, ", "Hiya ", "Hello Sam, ", "Hey all! ",
            "Dear team,\n", "");
    private static final List<String> SIGN_OFFS = List.of(" Thanks!", " Cheers, Dave", "\n\nKind regards,\nRuth Adams",
            " thanks in advance", " Thx", " Appreciate it.", " \uD83D\uDE4F\uD83C\uDFFB", "");

    /**
     * Customers greet and thank whatever they write: every message of the five blind sets with its own greeting and
     * sign-off (a few bare at either end) is labelled about as right as the sets as written: 824 of 880 (93.6%) against
     * 827 (94.0%).
     */
    @Test
    void aGreetingAndThanksAroundAMessageChangeItsLabelRarely() {
        int right = 0;
        int total = 0;
        for (LabelledSet.Row r : blindRows()) {
            String text = GREETINGS.get(total % GREETINGS.size()) + r.col(2)
                    + SIGN_OFFS.get(total / GREETINGS.size() % SIGN_OFFS.size());
            total++;
            Optional<String> label = triage.classify(text, List.of()).map(Triage.Result::label);
            if (label.filter(r.col(0)::equals).isPresent()) {
                right++;
            } else {
                System.out.println("  framed " + r.col(0) + " taken for " + label.orElse("nothing") + ": " + text);
            }
        }
        System.out.printf("triage, the five blind sets greeted and thanked: %d/%d = %.1f%% right%n", right, total,
                100.0 * right / total);
        assertThat(total).isEqualTo(880);
        assertThat((double) right / total).isGreaterThanOrEqualTo(0.9);
    }

    /** The five blind sets' messages, in order. */
    private static List<LabelledSet.Row> blindRows() {
        return java.util.stream.Stream.of("triage-3.tsv", "triage-4.tsv", "triage-5.tsv", "triage-6.tsv", "triage-7.tsv")
                .flatMap(name -> LabelledSet.load(name).split(LabelledSet.HELDOUT).stream()).toList();
    }

    /** The sets the model learnt from, for the record: how well it fits them. */
    @Test
    void fitsTheSetsItLearntFrom() {
        measure(LabelledSet.TUNE);
        assertThat(measure(LabelledSet.HELDOUT)).isGreaterThanOrEqualTo(0.9);
        assertThat(measure(SECOND, "triage-2.tsv", LabelledSet.HELDOUT)).isGreaterThanOrEqualTo(0.9);
    }
}
