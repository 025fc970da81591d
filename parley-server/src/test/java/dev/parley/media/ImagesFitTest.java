package dev.parley.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

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
}
