package dev.parley.automation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A customer's answer to "Did you mean …?", as people type it on a phone. */
@Tag("store-free")
class AskBackTest {
    @Test
    void aYesAsPeopleTypeItIsAYes() {
        for (String yes : List.of("yes", "Yes!", "yes please", "Yes, please.", "yesss", "yess", "Yeahhh", "yeah thanks",
                "ok", "ok 👍", "Okay!", "yep 🙂", "👍", "👍🏽", "👍🏿", "✅", "that's the one", "Yes, that's it!", "yes x",
                "of course", "yes I did", "Um, yes")) {
            assertThat(AskBack.isYes(yes)).as(yes).isTrue();
            assertThat(AskBack.isNo(yes)).as(yes).isFalse();
        }
    }

    @Test
    void aNoAsPeopleTypeItIsANo() {
        for (String no : List.of("no", "No.", "nooo", "no thanks", "no thank you", "Nope!", "not quite", "👎🏼",
                "no, something else", "no it's not")) {
            assertThat(AskBack.isNo(no)).as(no).isTrue();
            assertThat(AskBack.isYes(no)).as(no).isFalse();
        }
    }

    /**
     * "ok thanks" is how a customer closes a conversation: taken for a yes to a "Did you mean …?" they had not read,
     * it got them an answer to a question they never asked (found from outside). "ok" or 👍 alone is still a yes.
     */
    @Test
    void anAcknowledgementWithThanksIsNoYes() {
        for (String closing : List.of("ok thanks", "ok thanks mate", "Okay, thank you!", "ok 👍 thanks", "k thx",
                "alright cheers", "thank you")) {
            assertThat(AskBack.isYes(closing)).as(closing).isFalse();
            assertThat(AskBack.isNo(closing)).as(closing).isFalse();
        }
    }

    @Test
    void anythingElseIsNeither() {
        // A new question, thanks alone, or a yes that goes on to say more is read as a question again.
        for (String other : List.of("thanks", "how much is it", "yes but how much is delivery", "x", "🙂", "no idea what you mean")) {
            assertThat(AskBack.isYes(other)).as(other).isFalse();
            assertThat(AskBack.isNo(other)).as(other).isFalse();
        }
    }
}
