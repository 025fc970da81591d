package dev.parley.textmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.business.Triage;
import dev.parley.safety.PromotionClassifier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The shipped models load, say what they read, and give probabilities; a broken file is named. */
@Tag("store-free")
class LinearModelTest {
    @Test
    void theShippedModelsLoadAndGiveProbabilitiesThatAddUpToOne() {
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

        LinearModel promotion = LinearModel.load(PromotionClassifier.class, "promotion-model.json");
        assertThat(promotion.classes()).containsExactly("service", "promo");
        assertThat(promotion.extras()).extracting(LinearModel.Extra::name).containsExactly("rules");
        assertThat(promotion.cut()).as("chosen in training, above the even line").isBetween(0.5, 1.0);
        assertThatThrownBy(triage::cut).isInstanceOf(IllegalStateException.class);
        // The rules' score is read, clipped: far beyond the clip it adds nothing more.
        assertThat(promotion.probabilities(v, 50)[1]).isEqualTo(promotion.probabilities(v, 8)[1]);
        assertThat(promotion.probabilities(v, 8)[1]).isGreaterThan(promotion.probabilities(v, 0)[1]);
        assertThatThrownBy(() -> promotion.probabilities(v)).isInstanceOf(IllegalArgumentException.class);
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
