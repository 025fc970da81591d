package dev.parley.business;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.eval.LabelledSet;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Triage on 200+ customer messages to many kinds of business ({@code eval/triage.tsv}):
 * questions, complaints, praise, and mixed messages labelled with what an agent acts on first.
 * On the held-out half at least 90% must get the right label, and every message a label.
 * Accuracy, per-label figures and misses are printed for CI and docs/BUSINESS-MODELS.md.
 */
@Tag("store-free")
class TriageEvaluationTest {
    static Triage triage;
    static final LabelledSet SET = LabelledSet.load("triage.tsv");
    static final LabelledSet SECOND = LabelledSet.load("triage-2.tsv");

    @BeforeAll
    static void load() throws Exception {
        MiniLm model = new MiniLm(Files.createTempDirectory("parley-model"));
        triage = Triage.standard(model);
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
     * Two more writers, who saw neither the first set nor the classifier: on their messages triage
     * falls short of nine in ten (docs/BUSINESS-MODELS.md). This holds what was reached, and that
     * every message still gets a label; it is not the goal.
     */
    @Test
    void onASecondSetFromOtherWritersTriageFallsShortAndHoldsWhatItReached() {
        assertThat(SECOND.split(LabelledSet.HELDOUT)).hasSize(140);
        assertThat(measure(SECOND, "triage-2.tsv", LabelledSet.HELDOUT)).as("second set's accuracy").isGreaterThanOrEqualTo(0.82);
    }

    @Test
    void labelsNineInTenHeldOutMessagesRightAndEveryMessageSomehow() {
        measure(LabelledSet.TUNE);
        assertThat(measure(LabelledSet.HELDOUT)).as("held-out accuracy").isGreaterThanOrEqualTo(0.9);
    }
}
