package dev.parley.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pixel cap counts pixels, and a pixel can take 1 to 8 bytes once decoded: a 7000 × 7000
 * 16-bit RGBA PNG is 49 M pixels (under the cap) and 392 MB of heap. Thumbnails are made from a
 * decode subsampled to what they need, so what an image takes of the heap is bounded whatever its
 * depth, and the tests here need no large heap themselves.
 */
@Tag("store-free")
class DecodeBudgetTest {
    @TempDir
    Path dir;

    /** Bytes this thread allocated while {@code work} ran (HotSpot counts them per thread). */
    private static long allocatedBy(IoWork work) throws IOException {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        work.run();
        return threads.getThreadAllocatedBytes(id) - before;
    }

    private interface IoWork {
        void run() throws IOException;
    }

    /** The probe's file: 7000 × 7000 16-bit RGBA, 392 MB whole. Planned from its header alone. */
    @Test
    void aDeepPngUnderThePixelCapIsPlannedSubsampledWithinTheBudget() throws IOException {
        Path png = Files.write(dir.resolve("probe.png"), Samples.png16(7000, 7000));
        assertThat(Files.size(png)).isLessThan(1_000_000);
        Decoding.Plan large = Decoding.planFor(png, Uploads.LARGE);
        assertThat(large.subsampling()).isEqualTo(3); // 2334 px a side: the large box's, twice over at most
        assertThat(large.width()).isEqualTo(2334);
        assertThat(large.bytes()).isEqualTo(2334L * 2334 * 8).isLessThanOrEqualTo(Decoding.BUDGET);
        assertThat(Decoding.planFor(png, Uploads.SMALL).bytes()).isLessThanOrEqualTo(640L * 640 * 8);
        // Whole, it is over the budget: a re-encoding of it (were it turned) is refused, not decoded.
        assertThat(Decoding.whole(7000, 7000, 64, 1, true)).isEqualTo(392_000_000L).isGreaterThan(Decoding.BUDGET);
    }

    /** Whatever the depth and the size the cap allows, a thumbnail's decode stays within the budget. */
    @Test
    void everyPlanForAThumbnailIsWithinTheBudget() {
        for (long bits : new long[] {1, 8, 24, 32, 48, 64, 128}) {
            for (int[] size : new int[][] {{22_360, 22_360}, {500_000_000, 1}, {1, 500_000_000}, {7000, 7000}, {100, 100}}) {
                Decoding.Plan plan = Decoding.forBox(size[0], size[1], bits, Uploads.LARGE);
                assertThat(plan.bytes()).as(bits + " bits, " + size[0] + " × " + size[1]).isLessThanOrEqualTo(Decoding.BUDGET);
                assertThat(Math.max(plan.width(), plan.height())).isLessThanOrEqualTo(2 * Uploads.LARGE);
            }
        }
        // What the cap lets in at 8-bit RGB, turned in place: within the budget; turned by a copy, not.
        assertThat(Decoding.turnsInPlace(150_000_000L, true)).isTrue();
        assertThat(Decoding.whole(10_000, 5_000, 24, 6, true)).isLessThanOrEqualTo(Decoding.BUDGET);
        assertThat(Decoding.whole(10_000, 5_000, 24, 6, false)).isGreaterThan(Decoding.BUDGET);
        // A 12-megapixel photo is turned by a copy, the faster way, as both fit.
        assertThat(Decoding.turnsInPlace(36_000_000L, true)).isFalse();
        assertThat(Decoding.whole(4_000, 3_000, 24, 6, false)).isEqualTo(72_000_000L);
    }

    /** How each layout the JDK's readers decode into counts: packed ints are 32 bits, 16-bit RGBA 64. */
    @Test
    void bitsPerPixelFollowTheLayout() {
        assertThat(Decoding.bitsPerPixel(new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB)
                .getSampleModel())).isEqualTo(32);
        assertThat(Decoding.bitsPerPixel(new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_3BYTE_BGR)
                .getSampleModel())).isEqualTo(24);
        assertThat(Decoding.bitsPerPixel(new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_BYTE_BINARY)
                .getSampleModel())).isEqualTo(1);
        assertThat(Decoding.bitsPerPixel(javax.imageio.ImageTypeSpecifier.createInterleaved(
                java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_sRGB), new int[] {0, 1, 2, 3},
                java.awt.image.DataBuffer.TYPE_USHORT, true, false).getSampleModel())).isEqualTo(64);
    }

    @Test
    void thumbnailsOfADeepPngTakeABoundedPartOfTheHeap() throws IOException {
        // 4000 × 4000 × 8 bytes: 128 MB decoded whole.
        Path png = Files.write(dir.resolve("deep.png"), Samples.png16(4000, 4000));
        Path small = dir.resolve("small");
        Path large = dir.resolve("large");
        long allocated = allocatedBy(() -> Images.thumbnails(png, "image/png", new Images.Size(4000, 4000),
                Uploads.SMALL, Uploads.LARGE, small, large));
        // All the thumbnails' work together (the subsampled decode of 32 MB, scaling, encoding; the
        // count adds up every allocation, so it is more than what is held at once) takes less than
        // the image decoded whole would; before, it took 285 MB.
        assertThat(allocated).as("bytes allocated for the thumbnails").isLessThan(4000L * 4000 * 8);
        assertThat(ImageIO.read(large.toFile()).getWidth()).isEqualTo(1280);
        assertThat(ImageIO.read(small.toFile()).getWidth()).isEqualTo(320);
    }
}
