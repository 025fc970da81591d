package dev.parley.automation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.parley.http.Json;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The FAQ bot's trained decision: how it loads, how its probability reads as the settings' confidence, and its sense. */
@Tag("store-free")
class FaqDecisionTest {
    static final AutomationStore.Faq HOURS = new AutomationStore.Faq("hours", "When are you open?",
            "We're open Tuesday to Saturday, 9am to 6pm.", List.of(), Instant.EPOCH);
    static final FaqDecision SHIPPED = FaqDecision.shipped();

    @Test
    void theTrainedCutIsTheDefaultThresholdAndTheAskBackLineTheBottomOfTheBand() {
        double t = FaqMatcher.DEFAULT_THRESHOLD;
        assertThat(SHIPPED.confidence(SHIPPED.cut())).isCloseTo(t, within(1e-9));
        assertThat(SHIPPED.confidence(SHIPPED.askBack())).isCloseTo(t - FaqMatcher.ASK_BACK_BAND, within(1e-9));
        assertThat(SHIPPED.confidence(0)).isZero();
        assertThat(SHIPPED.confidence(1)).isCloseTo(1, within(1e-9));
        double before = -1;
        for (int i = 0; i <= 1000; i++) { // a business that raises its threshold asks for a higher probability
            double c = SHIPPED.confidence(i / 1000.0);
            assertThat(c).isGreaterThanOrEqualTo(before);
            before = c;
        }
    }

    @Test
    void aNearerQuestionIsNeverLessSureAndWordsItDoesNotExplainNeverMakeItSurer() {
        for (double phrasing = 0.3; phrasing <= 0.95; phrasing += 0.05) {
            double nearer = SHIPPED.probability(features(phrasing + 0.05, 0.5, 0));
            assertThat(nearer).isGreaterThanOrEqualTo(SHIPPED.probability(features(phrasing, 0.5, 0)));
            double unexplained = SHIPPED.probability(features(phrasing, 0.5, 0.15));
            assertThat(unexplained).isLessThanOrEqualTo(SHIPPED.probability(features(phrasing, 0.5, 0.01)));
        }
        // The two ends, as a customer would meet them: an entry's own words answer, a far question does not.
        assertThat(SHIPPED.probability(features(0.98, 0.6, 0))).isGreaterThan(SHIPPED.cut());
        FaqMatcher.Fit far = new FaqMatcher.Fit(HOURS, HOURS.question(), 0.2, 0.1, 0, -3);
        FaqMatcher.Fit runnerUp = new FaqMatcher.Fit(HOURS, HOURS.question(), 0.18, 0.1, 0, -3);
        assertThat(SHIPPED.probability(new FaqDecision.Features(far, runnerUp, far.raw() - 0.02, false, false, 2, 2, 7,
                4, 0, false, 6, -3))).isLessThan(SHIPPED.askBack());
    }

    @Test
    void treesTrainedOnOtherMeasurementsAreRefused() {
        String model = "{\"features\":[\"phrasing\"],\"cut\":0.8,\"ask_back\":0.4,\"trees\":[]}";
        assertThatThrownBy(() -> FaqDecision.parse(Json.read(model)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("other features");
    }

    @Test
    void aTreeIsReadAsTrainedLeftAtOrBelowItsThreshold() {
        String features = Json.write(FaqDecision.FEATURES);
        // One split on the phrasing at 0.5: at or below, -2 (p 0.12); above, +2 (p 0.88).
        String model = "{\"features\":" + features + ",\"cut\":0.8,\"ask_back\":0.4,\"trees\":[{\"feature\":[0],"
                + "\"threshold\":[0.5],\"left\":[-1],\"right\":[-2],\"leaf\":[-2.0,2.0]}]}";
        FaqDecision d = FaqDecision.parse(Json.read(model));
        assertThat(d.probability(features(0.5, 0.5, 0))).isCloseTo(1 / (1 + Math.exp(2)), within(1e-9));
        assertThat(d.probability(features(0.51, 0.5, 0))).isCloseTo(1 / (1 + Math.exp(-2)), within(1e-9));
    }

    /** A question whose best entry is the hours, the runner-up far behind, with one unwritten word of this gain. */
    private static FaqDecision.Features features(double phrasing, double answer, double gain) {
        FaqMatcher.Fit best = new FaqMatcher.Fit(HOURS, HOURS.question(), phrasing, answer, 0.5, 0);
        FaqMatcher.Fit second = new FaqMatcher.Fit(HOURS, HOURS.question(), phrasing - 0.2, answer - 0.2, 0, -1);
        return new FaqDecision.Features(best, second, best.raw() - 0.3, gain == 0, true, gain == 0 ? 0 : 1,
                gain == 0 ? 0 : 1, 6, 3, gain, gain > FaqMatcher.MAX_GAIN, 6, 0);
    }
}
