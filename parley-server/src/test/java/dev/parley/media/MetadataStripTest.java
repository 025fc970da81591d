package dev.parley.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PNG and JPEG metadata dropped chunk by chunk: the location goes, the pixels stay exactly, and what cannot be vouched for is left to the re-encoding. */
@Tag("store-free")
class MetadataStripTest {
    @TempDir
    Path dir;

    @Test
    void aPngLosesItsLocationAndTextAndKeepsEveryPixel() throws Exception {
        byte[] tagged = Samples.pngWithGps(40, 30);
        byte[] stripped = strip(tagged, "png");
        assertThat(stripped).isNotNull();
        assertThat(Samples.contains(stripped, "GPS")).isFalse();
        assertThat(Samples.contains(stripped, "eXIf")).isFalse();
        assertThat(Samples.contains(stripped, "tEXt")).isFalse();
        assertSamePixels(tagged, stripped);
    }

    @Test
    void aPngWithTrailingBytesABadChecksumAnUnknownCriticalChunkOrATurnIsLeftToTheReencoding() throws Exception {
        byte[] plain = Samples.png(20, 20);
        byte[] trailing = Samples.concat(plain, ("GPS" + Samples.GPS).getBytes(StandardCharsets.ISO_8859_1));
        byte[] clean = strip(trailing, "png");
        assertThat(clean).isNotNull();
        assertThat(Samples.contains(clean, "GPS")).isFalse(); // what follows IEND is dropped

        byte[] badCrc = plain.clone();
        badCrc[8 + 8 + 13] ^= 1; // IHDR's CRC
        assertThat(strip(badCrc, "png")).isNull();
        assertThat(strip(java.util.Arrays.copyOf(plain, plain.length - 6), "png")).isNull();
        assertThat(strip(Samples.pngWithChunk(plain, "ZZZZ", new byte[] {1}), "png")).isNull();
        assertThat(strip(Samples.pngWithChunk(plain, "eXIf", Samples.tiff(6, "")), "png")).isNull();
    }

    @Test
    void anUprightJpegLosesItsExifAndKeepsItsPixelsExactly() throws Exception {
        byte[] tagged = Samples.jpegWithExif(40, 20, 1);
        byte[] stripped = strip(tagged, "jpg");
        assertThat(stripped).isNotNull();
        assertThat(Samples.contains(stripped, "GPS")).isFalse();
        assertThat(Samples.contains(stripped, "Exif")).isFalse();
        assertSamePixels(tagged, stripped); // the same scans, so the very same decoded pixels
    }

    @Test
    void aJpegDropsCommentsForeignSegmentsAndWhatFollowsTheFirstImageButKeepsItsColourProfile() throws Exception {
        byte[] plain = Samples.jpeg(30, 30);
        byte[] icc = Samples.jpegWithSegment(plain, 0xE2, Samples.concat("ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1),
                new byte[] {1, 1, 9, 9}));
        byte[] busy = Samples.jpegWithSegment(Samples.jpegWithSegment(icc, 0xFE, ("taken at " + Samples.GPS)
                .getBytes(StandardCharsets.ISO_8859_1)), 0xE2, ("MPF\0" + Samples.GPS).getBytes(StandardCharsets.ISO_8859_1));
        byte[] withSecond = Samples.concat(busy, Samples.jpegWithExif(10, 10, 1)); // a phone's second image
        byte[] stripped = strip(withSecond, "jpg");
        assertThat(stripped).isNotNull();
        assertThat(Samples.contains(stripped, "GPS")).isFalse();
        assertThat(Samples.contains(stripped, "MPF")).isFalse();
        assertThat(stripped).isEqualTo(icc); // the image with its profile, byte for byte, and nothing else
    }

    /** A progressive JPEG has several scans with tables between them: all are kept, in order. */
    @Test
    void aProgressiveJpegKeepsEveryScan() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpg").next();
        javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
        param.setProgressiveMode(javax.imageio.ImageWriteParam.MODE_DEFAULT);
        try (var out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new javax.imageio.IIOImage(Samples.picture(64, 48), null, null), param);
        }
        writer.dispose();
        byte[] progressive = Samples.jpegWithSegment(bytes.toByteArray(), 0xE1,
                Samples.concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), Samples.tiff(1, Samples.GPS)));
        byte[] stripped = strip(progressive, "jpg");
        assertThat(stripped).isNotNull();
        assertThat(Samples.contains(stripped, "GPS")).isFalse();
        assertSamePixels(progressive, stripped);
    }

    @Test
    void aTurnedOrTruncatedJpegIsLeftToTheReencoding() throws Exception {
        assertThat(strip(Samples.jpegWithExif(40, 20, 6), "jpg")).isNull();
        byte[] plain = Samples.jpeg(30, 30);
        assertThat(strip(java.util.Arrays.copyOf(plain, plain.length / 2), "jpg")).isNull();
        assertThat(strip(Samples.png(10, 10), "jpg")).isNull();
    }

    private byte[] strip(byte[] file, String kind) throws Exception {
        Path in = Files.write(dir.resolve("in." + kind), file);
        Path out = dir.resolve("out." + kind);
        Files.deleteIfExists(out);
        boolean done = kind.equals("png") ? PngStrip.strip(in, out) : JpegStrip.strip(in, out);
        if (!done) {
            assertThat(out).doesNotExist();
            return null;
        }
        return Files.readAllBytes(out);
    }

    private static void assertSamePixels(byte[] a, byte[] b) throws Exception {
        BufferedImage x = ImageIO.read(new ByteArrayInputStream(a));
        BufferedImage y = ImageIO.read(new ByteArrayInputStream(b));
        assertThat(y.getWidth()).isEqualTo(x.getWidth());
        assertThat(y.getHeight()).isEqualTo(x.getHeight());
        assertThat(y.getRGB(0, 0, y.getWidth(), y.getHeight(), null, 0, y.getWidth()))
                .isEqualTo(x.getRGB(0, 0, x.getWidth(), x.getHeight(), null, 0, x.getWidth()));
    }
}
