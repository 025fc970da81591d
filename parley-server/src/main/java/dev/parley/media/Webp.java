package dev.parley.media;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * WebP, which the JDK cannot decode: its size read from the first chunk's header (VP8, VP8L or
 * VP8X), and its metadata removed by copying every RIFF chunk except {@code EXIF} and
 * {@code XMP }. The pixels are stored as sent; no thumbnail is made (the original serves).
 */
final class Webp {
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

    /** Copies the file without its EXIF and XMP chunks (and clears their flags in VP8X). */
    static void strip(Path in, Path out) throws IOException {
        byte[] all = Files.readAllBytes(in); // at most media.max_bytes, already on disk
        ByteArrayOutputStream body = new ByteArrayOutputStream(all.length);
        body.write(all, 8, 4); // "WEBP"
        int at = 12;
        while (at + 8 <= all.length) {
            String id = new String(all, at, 4, StandardCharsets.US_ASCII);
            long len = ByteBuffer.wrap(all, at + 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
            long padded = len + (len & 1);
            if (at + 8 + len > all.length) {
                throw new IOException("truncated WebP chunk " + id);
            }
            if (!id.equals("EXIF") && !id.equals("XMP ")) {
                int start = body.size();
                body.write(all, at, (int) Math.min(8 + padded, all.length - at));
                if (id.equals("VP8X")) {
                    byte[] written = body.toByteArray();
                    written[start + 8] &= (byte) ~0x0C; // no EXIF (0x08), no XMP (0x04)
                    body.reset();
                    body.write(written);
                }
            }
            at += (int) (8 + padded);
        }
        byte[] chunks = body.toByteArray();
        ByteBuffer riff = ByteBuffer.allocate(8 + chunks.length).order(ByteOrder.LITTLE_ENDIAN);
        riff.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(chunks.length).put(chunks);
        Files.write(out, riff.array());
    }

    private static int u24(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16;
    }
}
