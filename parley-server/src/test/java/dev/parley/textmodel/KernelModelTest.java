package dev.parley.textmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.business.Triage;
import dev.parley.safety.PromotionClassifier;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The kernel model computes what training's machines do, reads its extra clipped, and the shipped ones load. */
@Tag("store-free")
class KernelModelTest {
    private static final Offset<Double> CLOSE = Offset.offset(1e-6);

    /** Two classes: support vectors (1, 0, 0) weighing 2 and (0, 1, 0) weighing −1, bias 0.1, gamma 0.5. */
    private final KernelModel two = KernelModel.load(KernelModelTest.class, "tiny-kernel-model.json");
    /** Three classes: a vector on each axis, each machine weighing its own by 1; gamma 1, temperature 2. */
    private final KernelModel three = KernelModel.load(KernelModelTest.class, "tiny-three-class-model.json");

    @Test
    void forTwoClassesTheProbabilityIsTheLogisticOfTheKernelSum() {
        // At the first vector: kernels 1 and e^-(0.5·2); the sum 0.1 + 2 − e^-1.
        assertThat(two.probabilities(new float[] {1, 0}, 0)[1]).isCloseTo(logistic(0.1 + 2 - Math.exp(-1)), CLOSE);
        // The embedding is read at unit length.
        assertThat(two.probabilities(new float[] {3, 0}, 0)[1]).isCloseTo(logistic(0.1 + 2 - Math.exp(-1)), CLOSE);
        // The extra is clipped to 1 before it is read: 5 counts as 1, distances 1 and 3.
        double clipped = logistic(0.1 + 2 * Math.exp(-0.5) - Math.exp(-1.5));
        assertThat(two.probabilities(new float[] {1, 0}, 5)[1]).isCloseTo(clipped, CLOSE);
        assertThat(two.probabilities(new float[] {1, 0}, 1)[1]).isCloseTo(clipped, CLOSE);
        assertThat(two.probabilities(new float[] {0, 1}, 0)[1]).isLessThan(0.5);
        double[] p = two.probabilities(new float[] {0, 1}, 0);
        assertThat(p[0] + p[1]).isCloseTo(1.0, CLOSE);
        assertThat(two.cut()).isEqualTo(0.6);
        assertThatThrownBy(() -> two.probabilities(new float[] {1, 0})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void forMoreClassesTheProbabilitiesAreTheSoftmaxOfTheScaledDecisions() {
        // At the first axis: decisions 1, e^-2, e^-2 (distance 2 to the other axes), times 2, softmax.
        double own = Math.exp(2 * 1.0);
        double other = Math.exp(2 * Math.exp(-2));
        double[] p = three.probabilities(new float[] {1, 0, 0});
        assertThat(p[0]).isCloseTo(own / (own + 2 * other), CLOSE);
        assertThat(p[1]).isCloseTo(other / (own + 2 * other), CLOSE);
        assertThat(p[0] + p[1] + p[2]).isCloseTo(1.0, CLOSE);
        assertThatThrownBy(three::cut).as("more than two classes have no cut").isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theShippedModelsLoadAndSayWhatTheyRead() {
        KernelModel triage = KernelModel.load(Triage.class, "triage-model.json");
        assertThat(triage.classes()).containsExactlyInAnyOrderElementsOf(Triage.LABELS);
        assertThat(triage.extras()).isEmpty();
        float[] v = new float[384];
        v[7] = 1;
        double[] p = triage.probabilities("when do you open?", v);
        assertThat(p[0] + p[1] + p[2]).isCloseTo(1.0, CLOSE);

        KernelModel promotion = KernelModel.load(PromotionClassifier.class, "promotion-model.json");
        assertThat(promotion.classes()).containsExactly("service", "promo");
        assertThat(promotion.extras()).extracting(Extra::name).containsExactly("rules");
        assertThat(promotion.cut()).as("chosen in training, above the even line").isBetween(0.5, 1.0);
        assertThat(promotion.probabilities("", v, 50)[1]).isEqualTo(promotion.probabilities("", v, 8)[1]);
        assertThat(promotion.probabilities("", v, 8)[1]).isGreaterThan(promotion.probabilities("", v, 0)[1]);
    }

    @Test
    void aMissingModelIsNamed() {
        assertThatThrownBy(() -> KernelModel.load(KernelModelTest.class, "no-such-model.json"))
                .hasMessageContaining("no-such-model.json is missing");
    }

    /** A shipped model is read at its first use, not when a node wires it; the caller's check runs then. */
    @Test
    void aShippedModelIsReadAtItsFirstUseAndChecked() {
        java.util.function.Supplier<KernelModel> missing = KernelModel.shipped(KernelModelTest.class, "no-such-model.json", m -> {});
        assertThatThrownBy(missing::get).hasMessageContaining("no-such-model.json is missing");
        java.util.function.Supplier<KernelModel> wrong = KernelModel.shipped(KernelModelTest.class, "tiny-kernel-model.json", m -> {
            throw new IllegalStateException("not the model this caller reads");
        });
        assertThatThrownBy(wrong::get).hasMessage("not the model this caller reads");
        assertThat(KernelModel.shipped(KernelModelTest.class, "tiny-kernel-model.json", m -> {}).get().cut()).isEqualTo(0.6);
    }

    @Test
    void unitLengthKeepsDirectionAndLeavesZeroAlone() {
        assertThat(Embedder.unit(new float[] {3, 4})).containsExactly(0.6f, 0.8f);
        assertThat(Embedder.unit(new float[] {0, 0})).containsExactly(0f, 0f);
    }

    private static double logistic(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
