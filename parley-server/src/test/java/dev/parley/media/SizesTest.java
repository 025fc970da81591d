package dev.parley.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The sizes refusals name, in the units a person reads; a limit is never rounded up. */
@Tag("store-free")
class SizesTest {
    @Test
    void wholeUnitsReadWholeAndOthersOneDecimalRoundedDown() {
        assertThat(Sizes.words(26_214_400)).isEqualTo("25 MB");
        assertThat(Sizes.words(1_572_864)).isEqualTo("1.5 MB");
        assertThat(Sizes.words(1_048_575)).isEqualTo("1023.9 KB");
        assertThat(Sizes.words(800 * 1024)).isEqualTo("800 KB");
        assertThat(Sizes.words(999)).isEqualTo("999 bytes");
    }
}
