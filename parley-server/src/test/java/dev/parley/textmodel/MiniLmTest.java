package dev.parley.textmodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("store-free")
class MiniLmTest {
    @TempDir
    Path cache;

    @Test
    void theBundledModelMapsAQuestionNearerItsParaphraseThanAnUnrelatedQuestion() {
        MiniLm model = new MiniLm(cache);
        float[] hours = model.embed("What are your opening hours?");
        float[] paraphrase = model.embed("wat time u shut on a thursday");
        float[] unrelated = model.embed("how much is a train ticket to Leeds");
        assertThat(dot(hours, hours)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(dot(hours, paraphrase)).isGreaterThan(dot(hours, unrelated) + 0.2);
    }

    @Test
    void theModelIsUnpackedOnceAndACutShortCopyIsReplaced() throws Exception {
        Path first = MiniLm.unpacked(cache, MiniLm.TOKENIZER);
        long size = Files.size(first);
        assertThat(size).isGreaterThan(100_000);
        Files.write(first, new byte[10]); // a copy cut short, as a full disk or a killed node leaves it
        Path again = MiniLm.unpacked(cache, MiniLm.TOKENIZER);
        assertThat(again).isEqualTo(first);
        assertThat(Files.size(again)).isEqualTo(size);
        try (var files = Files.list(cache)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(first.getFileName().toString());
        }
    }

    @Test
    void aCopyWithOtherBytesOfTheSameSizeIsReplacedAndAnEarlierModelsCopyRemoved() throws Exception {
        Path first = MiniLm.unpacked(cache, MiniLm.TOKENIZER);
        byte[] jar = Files.readAllBytes(first);
        // A retrained model is the same size as the one before: what the cache holds must be the jar's bytes.
        byte[] other = jar.clone();
        other[other.length / 2] ^= 1;
        Files.write(first, other);
        Path earlier = cache.resolve(jar.length + "-" + MiniLm.TOKENIZER); // round 14 named copies by size
        Files.write(earlier, other);
        Path again = MiniLm.unpacked(cache, MiniLm.TOKENIZER);
        assertThat(Files.readAllBytes(again)).isEqualTo(jar);
        assertThat(earlier).doesNotExist();
        try (var files = Files.list(cache)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(again.getFileName().toString());
        }
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
