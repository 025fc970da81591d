package dev.parley.satisfaction;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Which replies to the rating question are a score, and which are ordinary messages. */
@Tag("store-free")
class TypedRatingTest {
    @Test
    void scoresWithAnOptionalCommentAreRead() {
        assertThat(TypedRating.parse("5")).contains(new TypedRating.Parsed(5, null));
        assertThat(TypedRating.parse(" 3. ")).contains(new TypedRating.Parsed(3, null));
        assertThat(TypedRating.parse("4/5 quick and friendly")).contains(new TypedRating.Parsed(4, "quick and friendly"));
        assertThat(TypedRating.parse("5 out of 5!")).contains(new TypedRating.Parsed(5, null));
        assertThat(TypedRating.parse("5 stars, thank you")).contains(new TypedRating.Parsed(5, "thank you"));
        assertThat(TypedRating.parse("1 star - never again")).contains(new TypedRating.Parsed(1, "never again"));
        assertThat(TypedRating.parse("2, the wait was long")).contains(new TypedRating.Parsed(2, "the wait was long"));
        assertThat(TypedRating.parse("⭐⭐⭐⭐")).contains(new TypedRating.Parsed(4, null));
        assertThat(TypedRating.parse("⭐️⭐️⭐️⭐️⭐️")).contains(new TypedRating.Parsed(5, null));
        // As customers write them on Messenger: a star after the digit, stars with a comment.
        assertThat(TypedRating.parse("5*")).contains(new TypedRating.Parsed(5, null));
        assertThat(TypedRating.parse("4* quick but pricey")).contains(new TypedRating.Parsed(4, "quick but pricey"));
        assertThat(TypedRating.parse("⭐⭐⭐⭐⭐ brilliant, thanks")).contains(new TypedRating.Parsed(5, "brilliant, thanks"));
        assertThat(TypedRating.parse("⭐️⭐️⭐️ - slow reply")).contains(new TypedRating.Parsed(3, "slow reply"));
    }

    @Test
    void otherMessagesAreNot() {
        for (String text : new String[] {"2 of my bikes still squeak", "10", "0", "6", "1.5", "3,5 stars", "five",
                "thanks!", "", "  ", "5pm tomorrow?", "⭐⭐⭐⭐⭐⭐", "⭐⭐⭐⭐⭐⭐ too many", "5**", "2*3 is 6"}) {
            assertThat(TypedRating.parse(text)).as(text).isEmpty();
        }
        assertThat(TypedRating.parse(null)).isEmpty();
    }

    @Test
    void theCommittingThreadsFilterLetsScoresThroughAndMostMessagesNot() {
        assertThat(TypedRating.mayBeIn("{\"message\":{\"text\":\"5\",\"seq\":3}}")).isTrue();
        assertThat(TypedRating.mayBeIn("{\"message\":{\"text\":\"⭐⭐⭐\"}}")).isTrue();
        assertThat(TypedRating.mayBeIn("{\"message\":{\"text\":\"hello there\"}}")).isFalse();
    }
}
