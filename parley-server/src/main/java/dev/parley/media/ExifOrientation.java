package dev.parley.media;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.OptionalInt;

/**
 * The orientation tag (0x0112) of an EXIF block's first image directory, read from the TIFF bytes
 * alone: empty when the block has no such tag, {@link #UNREADABLE} when it does not parse (so the
 * caller re-encodes rather than guess).
 */
final class ExifOrientation {
    /** A block whose structure does not parse: the orientation is unknown. */
    static final int UNREADABLE = -1;

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

    /** True when the picture is stored upright: no tag, or 1. */
    static boolean upright(OptionalInt orientation) {
        return orientation.isEmpty() || orientation.getAsInt() == 1;
    }
}
