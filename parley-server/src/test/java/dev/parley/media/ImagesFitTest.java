package dev.parley.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: a stored JPEG or PNG that already fits a thumbnail's box is served as that thumbnail
 * instead of being decoded and encoded again at the same size; anything larger, or in a format a
 * thumbnail is not (GIF, WebP), is still made into one.
 */
@Tag("store-free")
class ImagesFitTest {
    private static final int LARGE = Uploads.LARGE;

    @Test
    void aJpegOrPngWithinTheBoxIsItsOwnThumbnail() {
        assertThat(Images.fitsAsIs("image/png", new Images.Size(1000, 600), LARGE)).isTrue();
        assertThat(Images.fitsAsIs("image/jpeg", new Images.Size(1280, 1280), LARGE)).isTrue();
    }

    @Test
    void largerImagesAndOtherFormatsAreStillScaledOrConverted() {
        assertThat(Images.fitsAsIs("image/jpeg", new Images.Size(1281, 600), LARGE)).isFalse();
        assertThat(Images.fitsAsIs("image/png", new Images.Size(600, 4000), LARGE)).isFalse();
        assertThat(Images.fitsAsIs("image/gif", new Images.Size(200, 200), LARGE)).isFalse();
        assertThat(Images.fitsAsIs("image/webp", new Images.Size(200, 200), LARGE)).isFalse();
    }

    /** A photo larger than the large box: both thumbnails from one decode, each fitting its box, in the original's format. */
    @Test
    void aLargerPhotoGetsBothThumbnailsEachFittingItsBox(@TempDir Path dir) throws IOException {
        Path jpeg = Files.write(dir.resolve("wide.jpg"), Samples.jpeg(3000, 1000));
        Path small = dir.resolve("small");
        Path large = dir.resolve("large");
        Images.thumbnails(jpeg, "image/jpeg", new Images.Size(3000, 1000), Uploads.SMALL, LARGE, small, large);
        assertThat(size(large)).isEqualTo("1280x427");
        assertThat(size(small)).isEqualTo("320x107");
        assertThat(Files.readAllBytes(small)).startsWith(0xFF, 0xD8); // still a JPEG
        Path png = Files.write(dir.resolve("tall.png"), Samples.png(700, 2800));
        Images.thumbnails(png, "image/png", new Images.Size(700, 2800), Uploads.SMALL, LARGE, small, large);
        assertThat(size(large)).isEqualTo("320x1280");
        assertThat(size(small)).isEqualTo("80x320");
        assertThat(Files.readAllBytes(small)).startsWith(0x89, 'P', 'N', 'G');
    }

    /** One that fits the large box is its own large thumbnail: only the small one is made. */
    @Test
    void aPhotoWithinTheLargeBoxGetsOnlyTheSmallThumbnail(@TempDir Path dir) throws IOException {
        Path png = Files.write(dir.resolve("wide.png"), Samples.png(1000, 600));
        Path small = dir.resolve("small");
        Images.thumbnails(png, "image/png", new Images.Size(1000, 600), Uploads.SMALL, LARGE, small, null);
        assertThat(size(small)).isEqualTo("320x192");
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("wide.png", "small");
        }
    }

    private static String size(Path image) throws IOException {
        BufferedImage read = ImageIO.read(image.toFile());
        return read.getWidth() + "x" + read.getHeight();
    }
}
