package dev.parley.media;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * The orientation tag (0x0112) of an EXIF block's first image directory, read from the TIFF bytes
 * alone: empty when the block has no such tag, {@link #UNREADABLE} when it does not parse (so the
 * caller re-encodes rather than guess).
 */
final class ExifOrientation {
    /** A block whose structure does not parse: the orientation is unknown. */
    static final int UNREADABLE = -1;
    /** An EXIF block is a few KB; one larger than this is not read for its orientation. */
    private static final int MAX_BLOCK = 1 << 20;

    private ExifOrientation() {}

    /** @param tiff the TIFF header and what follows ("II*\0" or "MM\0*"), as in JPEG's APP1 after "Exif\0\0" or PNG's eXIf */
    static OptionalInt of(byte[] tiff, int offset, int length) {
        try {
            ByteBuffer b = ByteBuffer.wrap(tiff, offset, length).slice();
            if (length < 8) {
                return OptionalInt.of(UNREADABLE);
            }
            if (b.get(0) == 'I' && b.get(1) == 'I') {
                b.order(ByteOrder.LITTLE_ENDIAN);
            } else if (!(b.get(0) == 'M' && b.get(1) == 'M')) {
                return OptionalInt.of(UNREADABLE);
            }
            if (b.getShort(2) != 42) {
                return OptionalInt.of(UNREADABLE);
            }
            int ifd = b.getInt(4);
            int entries = b.getShort(ifd) & 0xFFFF;
            for (int i = 0; i < entries; i++) {
                int at = ifd + 2 + i * 12;
                if ((b.getShort(at) & 0xFFFF) == 0x0112) {
                    int type = b.getShort(at + 2) & 0xFFFF;
                    return OptionalInt.of(type == 3 ? b.getShort(at + 8) & 0xFFFF : UNREADABLE);
                }
            }
            return OptionalInt.empty();
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            return OptionalInt.of(UNREADABLE);
        }
    }

    /**
     * The orientation a JPEG's first EXIF block (APP1, before the first scan) or a PNG's
     * {@code eXIf} chunk gives, read from the file without decoding it: 1 to 8, and 1 (upright,
     * as viewers show it) when there is none, it does not parse, or the type has no EXIF.
     */
    static int ofFile(Path file, String type) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            byte[] tiff = switch (type) {
                case "image/png" -> pngExif(in);
                case "image/jpeg" -> jpegExif(in);
                default -> null;
            };
            OptionalInt o = tiff == null ? OptionalInt.empty() : of(tiff, 0, tiff.length);
            return o.isPresent() && o.getAsInt() >= 1 && o.getAsInt() <= 8 ? o.getAsInt() : 1;
        } catch (EOFException truncated) {
            return 1;
        }
    }

    private static byte[] pngExif(DataInputStream in) throws IOException {
        in.skipNBytes(8);
        while (true) {
            long length = in.readInt() & 0xFFFFFFFFL;
            String chunk = new String(in.readNBytes(4), StandardCharsets.ISO_8859_1);
            if (chunk.equals("eXIf")) {
                return length <= MAX_BLOCK ? in.readNBytes((int) length) : null;
            }
            if (chunk.equals("IEND")) {
                return null;
            }
            in.skipNBytes(length + 4); // and the CRC
        }
    }

    private static byte[] jpegExif(DataInputStream in) throws IOException {
        in.skipNBytes(2); // SOI
        while (true) {
            if (in.readUnsignedByte() != 0xFF) {
                return null;
            }
            int marker = in.readUnsignedByte();
            while (marker == 0xFF) {
                marker = in.readUnsignedByte(); // fill bytes
            }
            if (marker == 0xDA || marker == 0xD9) {
                return null; // the first scan, or the end: no EXIF before it
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue;
            }
            int length = in.readUnsignedShort() - 2;
            if (length < 0) {
                return null;
            }
            if (marker == 0xE1 && length >= 6) {
                byte[] data = in.readNBytes(length);
                if (data.length >= 6 && new String(data, 0, 6, StandardCharsets.ISO_8859_1).equals("Exif\0\0")) {
                    return java.util.Arrays.copyOfRange(data, 6, data.length);
                }
            } else {
                in.skipNBytes(length);
            }
        }
    }

    /** True when the picture is stored upright: no tag, or 1. */
    static boolean upright(OptionalInt orientation) {
        return orientation.isEmpty() || orientation.getAsInt() == 1;
    }
}
