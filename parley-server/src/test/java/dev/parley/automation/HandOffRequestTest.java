package dev.parley.automation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Whether a customer asks for a person, read from the hand-off words. The default words fired anywhere in a message
 * ("Hi, can someone tell me your opening hours?" was handed over, unanswered); they now hand over a request for a
 * person, in the many ways people ask, and leave alone questions that only hold the word.
 */
@Tag("store-free")
class HandOffRequestTest {
    static final List<String> DEFAULTS = AutomationSettings.DEFAULT_HANDOFF;

    /** The labelled list: every request for a person hands over, no ordinary question does. */
    @Test
    void requestsForAPersonHandOverQuestionsHoldingThoseWordsDoNot() throws IOException {
        List<String> wrong = new ArrayList<>();
        int rows = 0;
        for (String line : lines("/automation/handoff-requests.tsv")) {
            String[] cols = line.split("\t");
            boolean expected = cols[0].equals("hands_over");
            rows++;
            if (HandOffRequest.asks(cols[1], DEFAULTS) != expected) {
                wrong.add(cols[0] + ": " + cols[1]);
            }
        }
        assertThat(rows).isGreaterThanOrEqualTo(40);
        assertThat(wrong).isEmpty();
    }

    /**
     * An owner's own phrase that names a person is read the same way; any other phrase (a topic, or a request
     * written out) hands over wherever it appears, as every phrase did before.
     */
    @Test
    void anOwnersTopicOrWrittenOutRequestHandsOverWhereverItAppears() {
        List<String> words = List.of("refund", "cancel my order", "speak to the manager", "duty manager");
        assertThat(HandOffRequest.asks("How do refund requests work?", words)).isTrue();
        assertThat(HandOffRequest.asks("Please CANCEL my order!", words)).isTrue();
        assertThat(HandOffRequest.asks("Hi, I'd like to speak to the manager about my bill", words)).isTrue();
        assertThat(HandOffRequest.asks("can I talk to the duty manager", words)).isTrue();
        assertThat(HandOffRequest.asks("Is the duty manager in on Sundays?", words)).isFalse();
        assertThat(HandOffRequest.asks("What are your opening hours?", words)).isFalse();
        assertThat(HandOffRequest.asks("refunds", words)).as("a phrase is whole words").isFalse();
    }

    @Test
    void aPhraseNamesAPersonByItsLastWordUnlessItAsksItself() {
        assertThat(HandOffRequest.namesAPerson("real people")).isTrue();
        assertThat(HandOffRequest.namesAPerson("live agent")).isTrue();
        assertThat(HandOffRequest.namesAPerson("speak to the manager")).isFalse();
        assertThat(HandOffRequest.namesAPerson("refund")).isFalse();
    }

    private static List<String> lines(String resource) throws IOException {
        try (InputStream in = HandOffRequestTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        }
    }
}
