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

    /**
     * An animated WebP keeps its frames but not a chunk of another name, in the file or inside a
     * frame (where the format allows unknown chunks too), nor what follows the RIFF; every size
     * is right after.
     */
    @Test
    void anAnimatedWebpKeepsItsFramesAndNothingElse() throws Exception {
        byte[] secret = "lat=51.5074;lon=-0.1278".getBytes(StandardCharsets.US_ASCII);
        byte[] frameHeader = new byte[16];
        byte[] frame = Samples.concat(frameHeader, Samples.concat(Samples.riffChunk("VP8L", new byte[] {0x2f, 0, 0, 0, 0}),
                Samples.riffChunk("NOTE", secret)));
        byte[] webp = Samples.concat(Samples.webp("VP8X", Samples.vp8x(0x02 | 0x08 | 0x01, 10, 10),
                "ANIM", new byte[6], "ANMF", frame, "ANMF", frame, "EXIF", Samples.tiff(1, Samples.GPS), "GEOX", secret),
                "trailing GPS".getBytes(StandardCharsets.US_ASCII));
        Path in = Files.write(dir.resolve("in.webp"), webp);
        Path out = dir.resolve("out.webp");
        Webp.strip(in, out);
        byte[] stripped = Files.readAllBytes(out);
        assertThat(Samples.contains(stripped, "lat=")).isFalse();
        assertThat(Samples.contains(stripped, "GPS")).isFalse();
        assertThat(stripped[20] & 0xFF).as("VP8X: animation only").isEqualTo(0x02);
        // Walk the chunks: the RIFF and each ANMF say their true sizes, and only these are left.
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(stripped).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(4)).isEqualTo(stripped.length - 8);
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (int at = 12; at < stripped.length; ) {
            String id = new String(stripped, at, 4, StandardCharsets.US_ASCII);
            int len = b.getInt(at + 4);
            ids.add(id);
            if (id.equals("ANMF")) {
                assertThat(len).isEqualTo(16 + 8 + 6); // the header, then VP8L (5 bytes, padded)
                assertThat(new String(stripped, at + 8 + 16, 4, StandardCharsets.US_ASCII)).isEqualTo("VP8L");
            }
            at += 8 + len + (len & 1);
        }
        assertThat(ids).containsExactly("VP8X", "ANIM", "ANMF", "ANMF");
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
