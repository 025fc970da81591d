package dev.parley.media;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * A PNG without its metadata, by copying chunks rather than decoding and encoding the pixels: the
 * critical chunks and the ancillary ones that change how the pixels look (transparency, colour
 * space, animation) stay; text, time, EXIF and every chunk not named here go. For a 1 MB photo
 * this is a file copy instead of a decode and a full-size encode (issue 18: the image work took
 * the text load's CPU). A file whose chunks do not check out (truncated, a bad CRC, an unknown
 * critical chunk, an EXIF orientation other than upright) is left to the re-encoding.
 */
final class PngStrip {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final Set<String> CRITICAL = Set.of("IHDR", "PLTE", "IDAT", "IEND");
    /** What a browser draws differently without: transparency, gamma and colour, APNG's frames. */
    private static final Set<String> KEPT = Set.of("tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "sBIT", "bKGD",
            "pHYs", "acTL", "fcTL", "fdAT", "cICP");

    private PngStrip() {}

    /** Writes {@code in} without metadata to {@code out}; false (nothing written) when it must be re-encoded. */
    static boolean strip(Path in, Path out) throws IOException {
        byte[] all = Files.readAllBytes(in); // at most media.max_bytes, already on disk
        if (all.length < SIGNATURE.length || !java.util.Arrays.equals(all, 0, 8, SIGNATURE, 0, 8)) {
            return false;
        }
        ByteArrayOutputStream kept = new ByteArrayOutputStream(all.length);
        kept.write(SIGNATURE);
        int at = 8;
        boolean ended = false;
        while (!ended) {
            if (at + 12 > all.length) {
                return false; // truncated
            }
            long length = ByteBuffer.wrap(all, at, 4).getInt() & 0xFFFFFFFFL;
            if (length > all.length - at - 12) {
                return false;
            }
            String type = new String(all, at + 4, 4, StandardCharsets.ISO_8859_1);
            int whole = (int) length + 12;
            if (!crcHolds(all, at, (int) length)) {
                return false;
            }
            boolean critical = Character.isUpperCase(type.charAt(0));
            if (critical && !CRITICAL.contains(type)) {
                return false; // a critical chunk we do not know: the file is not ours to vouch for
            }
            if (type.equals("eXIf") && !ExifOrientation.upright(ExifOrientation.of(all, at + 8, (int) length))) {
                return false; // turned by its EXIF: the re-encoding decides how it is shown
            }
            if (critical || KEPT.contains(type)) {
                kept.write(all, at, whole);
            }
            ended = type.equals("IEND");
            at += whole;
        }
        Files.write(out, kept.toByteArray()); // anything after IEND is dropped with the rest
        return true;
    }

    private static boolean crcHolds(byte[] all, int at, int length) {
        CRC32 crc = new CRC32();
        crc.update(all, at + 4, length + 4);
        long stored = ByteBuffer.wrap(all, at + 8 + length, 4).getInt() & 0xFFFFFFFFL;
        return crc.getValue() == stored;
    }
}
