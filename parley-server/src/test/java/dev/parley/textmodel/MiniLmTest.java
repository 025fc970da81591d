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

    /**
     * The FAQ bot, triage and the promotion check must decide alike on every machine. The model was
     * quantized with signed 8-bit weights, which x86 CPUs without VNNI (AVX2 alone, as some AMD EPYC
     * hosts) multiply with a saturating instruction: there the vectors moved to cosine 0.989-0.995 of
     * the exact ones and the FAQ bot answered some questions it asks back about elsewhere. With
     * unsigned weights (scripts/faq-embed/unsigned.py) every CPU computes the exact integer products.
     */
    @Test
    void everyCpuComputesTheReferenceVectors() throws Exception {
        MiniLm model = new MiniLm(cache);
        java.util.List<String> lines;
        try (var in = getClass().getResourceAsStream("minilm-reference.tsv")) {
            lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
        }
        assertThat(lines).hasSize(4);
        for (String line : lines) {
            String[] parts = line.split("\t");
            String[] numbers = parts[1].split(" ");
            float[] want = new float[numbers.length];
            for (int i = 0; i < want.length; i++) {
                want[i] = Float.parseFloat(numbers[i]);
            }
            assertThat(dot(model.embed(parts[0]), want)).as(parts[0]).isGreaterThan(0.9999);
        }
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
