package dev.parley.textmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.business.Triage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The shipped triage model loads, says what it reads, and gives probabilities; a missing file is named. */
@Tag("store-free")
class LinearModelTest {
    @Test
    void theShippedTriageModelLoadsAndGivesProbabilitiesThatAddUpToOne() {
        LinearModel triage = LinearModel.load(Triage.class, "triage-model.json");
        assertThat(triage.classes()).containsExactlyInAnyOrderElementsOf(Triage.LABELS);
        assertThat(triage.extras()).isEmpty();
        float[] v = new float[384];
        v[7] = 1;
        double[] p = triage.probabilities(v);
        assertThat(p).hasSize(3);
        for (double x : p) {
            assertThat(x).isBetween(0.0, 1.0);
        }
        assertThat(p[0] + p[1] + p[2]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));

        assertThatThrownBy(triage::cut).as("three classes have no cut").isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> triage.probabilities(v, 1.0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMissingModelIsNamed() {
        assertThatThrownBy(() -> LinearModel.load(Triage.class, "no-such-model.json"))
                .hasMessageContaining("no-such-model.json is missing");
    }

    @Test
    void unitLengthKeepsDirectionAndLeavesZeroAlone() {
        assertThat(LinearModel.unit(new float[] {3, 4})).containsExactly(0.6f, 0.8f);
        assertThat(LinearModel.unit(new float[] {0, 0})).containsExactly(0f, 0f);
    }
}
