package dev.parley.textmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.safety.PromotionClassifier;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The kernel model computes what training's SVM does, reads its extra clipped, and the shipped one loads. */
@Tag("store-free")
class KernelModelTest {
    private static final Offset<Double> CLOSE = Offset.offset(1e-6);

    /** Two support vectors in two dimensions and an extra: (1, 0, 0) weighing 2, (0, 1, 0) weighing −1, bias 0.1, gamma 0.5. */
    private final KernelModel tiny = KernelModel.load(KernelModelTest.class, "tiny-kernel-model.json");

    @Test
    void theProbabilityIsTheLogisticOfTheKernelSum() {
        // At the first vector: kernels 1 and e^-(0.5·2); the sum 0.1 + 2 − e^-1.
        assertThat(tiny.probability(new float[] {1, 0}, 0)).isCloseTo(logistic(0.1 + 2 - Math.exp(-1)), CLOSE);
        // The extra is clipped to 1 before it is read: 5 counts as 1, distances 1 and 3.
        double clipped = logistic(0.1 + 2 * Math.exp(-0.5) - Math.exp(-1.5));
        assertThat(tiny.probability(new float[] {1, 0}, 5)).isCloseTo(clipped, CLOSE);
        assertThat(tiny.probability(new float[] {1, 0}, 1)).isCloseTo(clipped, CLOSE);
        assertThat(tiny.probability(new float[] {0, 1}, 0)).isLessThan(0.5);
        assertThat(tiny.cut()).isEqualTo(0.6);
        assertThatThrownBy(() -> tiny.probability(new float[] {1, 0})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theShippedPromotionModelLoadsAndReadsTheRulesScore() {
        KernelModel promotion = KernelModel.load(PromotionClassifier.class, "promotion-model.json");
        assertThat(promotion.classes()).containsExactly("service", "promo");
        assertThat(promotion.extras()).extracting(Extra::name).containsExactly("rules");
        assertThat(promotion.cut()).as("chosen in training, above the even line").isBetween(0.5, 1.0);
        float[] v = new float[384];
        v[7] = 1;
        assertThat(promotion.probability(v, 50)).isEqualTo(promotion.probability(v, 8));
        assertThat(promotion.probability(v, 8)).isGreaterThan(promotion.probability(v, 0));
    }

    @Test
    void aModelThatIsNotOneIsNamed() {
        assertThatThrownBy(() -> KernelModel.load(KernelModelTest.class, "no-such-model.json"))
                .hasMessageContaining("no-such-model.json is missing");
    }

    private static double logistic(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
