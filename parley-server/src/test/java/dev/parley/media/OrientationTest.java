package dev.parley.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each of EXIF's eight orientations, applied the same way to a JPEG (APP1) and a PNG (eXIf): the
 * re-encoded picture shows what a viewer honouring the tag shows.
 */
@Tag("store-free")
class OrientationTest {
    private static final Color[] QUADRANTS = {Color.RED, Color.BLUE, Color.GREEN, Color.WHITE}; // TL, TR, BL, BR
    private static final int W = 40;
    private static final int H = 20;

    @TempDir
    Path dir;

    @Test
    void everyOrientationTurnsAPngAsItTurnsAJpeg() throws Exception {
        for (int o = 1; o <= 8; o++) {
            byte[] png = Samples.pngWithChunk(Samples.encode(quadrants(), "png"), "eXIf", Samples.tiff(o, ""));
            byte[] jpeg = Samples.jpegWithSegment(Samples.encode(quadrants(), "jpg"), 0xE1,
                    Samples.concat("Exif\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), Samples.tiff(o, "")));
            assertTurned(reencode(png, "image/png"), o, "png " + o);
            assertTurned(reencode(jpeg, "image/jpeg"), o, "jpeg " + o);
        }
    }

    private BufferedImage reencode(byte[] file, String type) throws Exception {
        Path in = Files.write(dir.resolve("in"), file);
        Path out = dir.resolve("out");
        Images.Size size = Images.reencode(in, type, out);
        BufferedImage image = ImageIO.read(out.toFile());
        assertThat(new Images.Size(image.getWidth(), image.getHeight())).isEqualTo(size);
        return image;
    }

    /** Every quadrant of the output, at its centre, shows the colour EXIF's meaning of {@code o} puts there. */
    private static void assertTurned(BufferedImage out, int o, String what) {
        boolean swapped = o >= 5;
        assertThat(out.getWidth()).as(what).isEqualTo(swapped ? H : W);
        assertThat(out.getHeight()).as(what).isEqualTo(swapped ? W : H);
        for (int qx = 0; qx < 2; qx++) {
            for (int qy = 0; qy < 2; qy++) {
                int x = qx * out.getWidth() / 2 + out.getWidth() / 4;
                int y = qy * out.getHeight() / 2 + out.getHeight() / 4;
                int[] src = source(o, x, y);
                Color want = QUADRANTS[(src[1] < H / 2 ? 0 : 2) + (src[0] < W / 2 ? 0 : 1)];
                assertThat(nearest(new Color(out.getRGB(x, y)))).as(what + " at " + x + "," + y).isEqualTo(want);
            }
        }
    }

    /** Where the output's (x, y) comes from in the stored W × H picture, by EXIF's definition of each value. */
    private static int[] source(int o, int x, int y) {
        return switch (o) {
            case 1 -> new int[] {x, y};
            case 2 -> new int[] {W - 1 - x, y};
            case 3 -> new int[] {W - 1 - x, H - 1 - y};
            case 4 -> new int[] {x, H - 1 - y};
            case 5 -> new int[] {y, x};
            case 6 -> new int[] {y, H - 1 - x};
            case 7 -> new int[] {W - 1 - y, H - 1 - x};
            case 8 -> new int[] {W - 1 - y, x};
            default -> throw new IllegalArgumentException();
        };
    }

    private static Color nearest(Color c) {
        Color best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Color q : QUADRANTS) {
            int d = Math.abs(q.getRed() - c.getRed()) + Math.abs(q.getGreen() - c.getGreen()) + Math.abs(q.getBlue() - c.getBlue());
            if (d < bestDistance) {
                best = q;
                bestDistance = d;
            }
        }
        return best;
    }

    private static BufferedImage quadrants() {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        for (int i = 0; i < 4; i++) {
            g.setColor(QUADRANTS[i]);
            g.fillRect((i % 2) * W / 2, (i / 2) * H / 2, W / 2, H / 2);
        }
        g.dispose();
        return img;
    }
}
