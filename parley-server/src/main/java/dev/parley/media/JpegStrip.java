package dev.parley.media;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A JPEG without its metadata, by copying segments rather than decoding and encoding the pixels
 * (issue 18: a photo's re-encoding took the text load's CPU; this is also lossless). Kept: the
 * tables, frame, scans and the entropy-coded data, a plain JFIF header, an ICC colour profile and
 * Adobe's colour-transform segment. Dropped: EXIF (location, camera, time), XMP, IPTC, comments,
 * every other application segment, and whatever follows the first image (a phone's secondary
 * images, which carry their own EXIF). Left to the re-encoding: an EXIF orientation other than
 * upright (the pixels must be turned), a JFIF header carrying its own thumbnail, and a file whose
 * segments do not parse.
 */
final class JpegStrip {
    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int APP0 = 0xE0;
    private static final int APP1 = 0xE1;
    private static final int APP2 = 0xE2;
    private static final int APP14 = 0xEE;
    private static final int APP15 = 0xEF;
    private static final int COM = 0xFE;

    private JpegStrip() {}

    /** Writes {@code in} without metadata to {@code out}; false (nothing written) when it must be re-encoded. */
    static boolean strip(Path in, Path out) throws IOException {
        byte[] all = Files.readAllBytes(in); // at most media.max_bytes, already on disk
        if (all.length < 4 || (all[0] & 0xFF) != 0xFF || (all[1] & 0xFF) != SOI) {
            return false;
        }
        ByteArrayOutputStream kept = new ByteArrayOutputStream(all.length);
        kept.write(all, 0, 2);
        int at = 2;
        boolean scanned = false;
        while (true) {
            if (at + 2 > all.length || (all[at] & 0xFF) != 0xFF) {
                return false; // truncated, or not at a marker
            }
            int marker = all[at + 1] & 0xFF;
            if (marker == 0xFF) {
                at++; // a fill byte before the marker
                continue;
            }
            if (marker == EOI) {
                if (!scanned) {
                    return false;
                }
                kept.write(all, at, 2);
                break; // what follows the first image is dropped
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                kept.write(all, at, 2); // standalone markers
                at += 2;
                continue;
            }
            if (at + 4 > all.length) {
                return false;
            }
            int length = (all[at + 2] & 0xFF) << 8 | (all[at + 3] & 0xFF);
            if (length < 2 || at + 2 + length > all.length) {
                return false;
            }
            int data = at + 4;
            int dataLength = length - 2;
            switch (keep(marker, all, data, dataLength)) {
                case KEEP -> kept.write(all, at, 2 + length);
                case DROP -> { }
                case REENCODE -> {
                    return false;
                }
            }
            at += 2 + length;
            if (marker == SOS) {
                int end = entropyEnd(all, at);
                kept.write(all, at, end - at);
                at = end;
                scanned = true;
            }
        }
        Files.write(out, kept.toByteArray());
        return true;
    }

    private enum Verdict { KEEP, DROP, REENCODE }

    private static Verdict keep(int marker, byte[] all, int data, int length) {
        if (marker == APP0) {
            if (!startsWith(all, data, length, "JFIF\0")) {
                return Verdict.DROP; // JFXX and the like: extensions, thumbnails
            }
            boolean thumbnail = length >= 14 && (all[data + 12] != 0 || all[data + 13] != 0);
            return thumbnail ? Verdict.REENCODE : Verdict.KEEP;
        }
        if (marker == APP1) {
            if (startsWith(all, data, length, "Exif\0\0")
                    && !ExifOrientation.upright(ExifOrientation.of(all, data + 6, length - 6))) {
                return Verdict.REENCODE;
            }
            return Verdict.DROP; // EXIF, XMP
        }
        if (marker == APP2) {
            return startsWith(all, data, length, "ICC_PROFILE\0") ? Verdict.KEEP : Verdict.DROP; // not MPF
        }
        if (marker == APP14) {
            return Verdict.KEEP; // Adobe: how the colour components are to be read
        }
        if ((marker > APP2 && marker <= APP15) || marker == COM) {
            return Verdict.DROP;
        }
        return Verdict.KEEP; // tables, frames, scans, restart interval
    }

    /** Where a scan's entropy-coded data ends: the next marker that is neither a stuffed 0 nor a restart. */
    private static int entropyEnd(byte[] all, int from) {
        int i = from;
        while (i + 1 < all.length) {
            if ((all[i] & 0xFF) == 0xFF) {
                int next = all[i + 1] & 0xFF;
                if (next != 0x00 && !(next >= 0xD0 && next <= 0xD7) && next != 0xFF) {
                    return i;
                }
                if (next == 0xFF) {
                    i++; // fill bytes: the marker comes after them
                    continue;
                }
            }
            i++;
        }
        return all.length;
    }

    private static boolean startsWith(byte[] all, int at, int length, String id) {
        byte[] want = id.getBytes(StandardCharsets.ISO_8859_1);
        return length >= want.length && java.util.Arrays.equals(all, at, at + want.length, want, 0, want.length);
    }
}
