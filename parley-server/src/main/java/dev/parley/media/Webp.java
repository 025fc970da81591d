package dev.parley.media;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * WebP, which the JDK cannot decode: its size read from the first chunk's header (VP8, VP8L or
 * VP8X), and its metadata removed by copying only the RIFF chunks that draw it ({@link #strip}).
 * The pixels are stored as sent; no thumbnail is made (the original serves).
 */
final class Webp {
    /** The chunks kept, in the order they come. */
    private static final Set<String> KEPT = Set.of("VP8 ", "VP8L", "VP8X", "ALPH", "ANIM", "ANMF", "ICCP");
    /** Within an animation frame, after its header. */
    private static final Set<String> IN_FRAME = Set.of("ALPH", "VP8 ", "VP8L");
    private static final int FRAME_HEADER = 16;
    private static final int ICC_FLAG = 0x20;
    private static final int ALPHA_FLAG = 0x10;
    private static final int ANIMATION_FLAG = 0x02;

    private Webp() {}

    static Optional<Images.Size> size(Path file) throws IOException {
        byte[] head = new byte[30];
        try (var in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, 30) < 30) {
                return Optional.empty();
            }
        }
        ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        String chunk = new String(head, 12, 4, StandardCharsets.US_ASCII);
        return switch (chunk) {
            case "VP8 " -> Optional.of(new Images.Size(b.getShort(26) & 0x3FFF, b.getShort(28) & 0x3FFF));
            case "VP8L" -> {
                int bits = b.getInt(21);
                yield Optional.of(new Images.Size(1 + (bits & 0x3FFF), 1 + ((bits >>> 14) & 0x3FFF)));
            }
            case "VP8X" -> Optional.of(new Images.Size(1 + u24(head, 24), 1 + u24(head, 27)));
            default -> Optional.empty();
        };
    }

    /**
     * Copies the file with only the chunks that draw it: the bitstream ({@code VP8 }, {@code VP8L}),
     * its alpha ({@code ALPH}), the extended header ({@code VP8X}), animation ({@code ANIM}, and each
     * frame ({@code ANMF}) with only its alpha and bitstream), and the colour profile
     * ({@code ICCP}): without it a wide-gamut photo shows in the wrong colours, and JPEG and PNG
     * keep theirs too. Every other chunk goes, whatever its name (EXIF, XMP, and any a writer made
     * up, which may hold a location as well), as does anything after the RIFF. VP8X's flags then
     * announce only what is left, and every size is written anew.
     */
    static void strip(Path in, Path out) throws IOException {
        byte[] all = Files.readAllBytes(in); // at most media.max_bytes, already on disk
        if (all.length < 12) {
            throw new IOException("truncated WebP");
        }
        int end = (int) Math.min(all.length, 8 + u32(all, 4)); // what follows the RIFF is dropped
        ByteArrayOutputStream body = new ByteArrayOutputStream(end);
        body.write(all, 8, 4); // "WEBP"
        int vp8x = -1;
        boolean icc = false;
        for (int at = 12; at + 8 <= end; at = next(all, at)) {
            String id = new String(all, at, 4, StandardCharsets.US_ASCII);
            int length = length(all, at, end);
            if (KEPT.contains(id)) {
                vp8x = id.equals("VP8X") ? body.size() : vp8x;
                icc |= id.equals("ICCP");
                chunk(body, id, id.equals("ANMF") ? frame(all, at + 8, length)
                        : java.util.Arrays.copyOfRange(all, at + 8, at + 8 + length));
            }
        }
        byte[] chunks = body.toByteArray();
        if (vp8x >= 0 && chunks.length > vp8x + 8) {
            int flags = chunks[vp8x + 8] & (ICC_FLAG | ALPHA_FLAG | ANIMATION_FLAG); // no EXIF, XMP or reserved bits
            chunks[vp8x + 8] = (byte) (icc ? flags : flags & ~ICC_FLAG);
        }
        ByteBuffer riff = ByteBuffer.allocate(8 + chunks.length).order(ByteOrder.LITTLE_ENDIAN);
        riff.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(chunks.length).put(chunks);
        Files.write(out, riff.array());
    }

    /** An animation frame's data: its 16-byte header, then only its alpha and bitstream chunks. */
    private static byte[] frame(byte[] all, int from, int length) throws IOException {
        if (length < FRAME_HEADER) {
            throw new IOException("truncated WebP frame");
        }
        ByteArrayOutputStream frame = new ByteArrayOutputStream(length);
        frame.write(all, from, FRAME_HEADER);
        int end = from + length;
        for (int at = from + FRAME_HEADER; at + 8 <= end; at = next(all, at)) {
            String id = new String(all, at, 4, StandardCharsets.US_ASCII);
            int chunk = length(all, at, end);
            if (IN_FRAME.contains(id)) {
                chunk(frame, id, java.util.Arrays.copyOfRange(all, at + 8, at + 8 + chunk));
            }
        }
        return frame.toByteArray();
    }

    /** The size of the chunk at {@code at}; throws if it runs past {@code end}. */
    private static int length(byte[] all, int at, int end) throws IOException {
        long length = u32(all, at + 4);
        if (at + 8 + length > end) {
            throw new IOException("truncated WebP chunk " + new String(all, at, 4, StandardCharsets.US_ASCII));
        }
        return (int) length;
    }

    /** Where the chunk after the one at {@code at} starts (a chunk of odd size has a pad byte). */
    private static int next(byte[] all, int at) {
        long length = u32(all, at + 4);
        return (int) (at + 8 + length + (length & 1));
    }

    /** Writes a chunk: its id, its size, its data and the pad byte an odd size takes. */
    private static void chunk(ByteArrayOutputStream out, String id, byte[] data) {
        out.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(data.length).array());
        out.writeBytes(data);
        if ((data.length & 1) == 1) {
            out.write(0);
        }
    }

    private static long u32(byte[] b, int at) {
        return ByteBuffer.wrap(b, at, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
    }

    private static int u24(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16;
    }
}
