package dev.parley.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Turning in place (no second copy of the pixels) gives what turning by a copy gives, for each
 * orientation and each layout the JDK's readers decode into; a layout it cannot turn in place
 * (packed bits) is copied.
 */
@Tag("store-free")
class TurnTest {
    @Test
    void inPlaceAndCopyAgreeForEveryOrientationAndLayout() {
        int[] types = {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_3BYTE_BGR,
                BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_USHORT_GRAY};
        for (int type : types) {
            for (int o = 1; o <= 8; o++) {
                BufferedImage copied = Turn.copy(numbered(7, 3, type), o);
                BufferedImage source = numbered(7, 3, type);
                BufferedImage turned = Turn.apply(source, o, true);
                if (o > 1) {
                    assertThat(turned.getRaster().getDataBuffer()).as("in place").isSameAs(source.getRaster().getDataBuffer());
                }
                assertThat(turned.getWidth()).isEqualTo(o >= 5 ? 3 : 7);
                assertThat(pixels(turned)).as("type " + type + ", orientation " + o).isEqualTo(pixels(copied));
            }
        }
        // Orientation 6 turns a quarter clockwise: the top-left pixel goes to the top right.
        BufferedImage turned = Turn.apply(numbered(7, 3, BufferedImage.TYPE_INT_RGB), 6, false);
        assertThat(turned.getRaster().getSample(2, 0, 0)).isEqualTo(numbered(7, 3, BufferedImage.TYPE_INT_RGB)
                .getRaster().getSample(0, 0, 0));
    }

    @Test
    void packedBitsAreTurnedByACopy() {
        BufferedImage bits = new BufferedImage(9, 4, BufferedImage.TYPE_BYTE_BINARY);
        bits.getRaster().setSample(0, 0, 0, 1);
        BufferedImage turned = Turn.apply(bits, 6, true);
        assertThat(turned.getWidth()).isEqualTo(4);
        assertThat(turned.getHeight()).isEqualTo(9);
        assertThat(turned.getRaster().getSample(3, 0, 0)).isEqualTo(1);
        assertThat(turned.getRaster().getSample(0, 0, 0)).isEqualTo(0);
    }

    /** Each pixel's samples say where it was, so any move shows. */
    private static BufferedImage numbered(int w, int h, int type) {
        BufferedImage image = new BufferedImage(w, h, type);
        WritableRaster r = image.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int b = 0; b < r.getNumBands(); b++) {
                    r.setSample(x, y, b, (y * w + x) * 3 + b);
                }
            }
        }
        return image;
    }

    private static int[] pixels(BufferedImage image) {
        WritableRaster r = image.getRaster();
        return r.getPixels(0, 0, r.getWidth(), r.getHeight(), (int[]) null);
    }
}
