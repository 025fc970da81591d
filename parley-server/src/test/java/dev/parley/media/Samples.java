package dev.parley.media;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;

/** Files for the media tests, made in memory: images with metadata, a PNG bomb, tiny voice notes. */
public final class Samples {
    static final String GPS = "GPSLatitude=51.5007N GPSLongitude=0.1246W";

    private Samples() {}

    public static byte[] png(int width, int height) {
        return encode(picture(width, height), "png");
    }

    static byte[] jpeg(int width, int height) {
        return encode(picture(width, height), "jpg");
    }

    /** A picture whose left half is red and right half blue, so a turn shows. */
    static BufferedImage picture(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, width / 2, height);
        g.setColor(Color.BLUE);
        g.fillRect(width / 2, 0, width - width / 2, height);
        g.dispose();
        return img;
    }

    static byte[] encode(BufferedImage img, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A PNG with the location in an eXIf chunk and a tEXt chunk, right after IHDR. */
    static byte[] pngWithGps(int width, int height) {
        byte[] png = png(width, height);
        int afterIhdr = 8 + 8 + 13 + 4;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, afterIhdr);
        writeChunk(out, "eXIf", tiff(1, GPS));
        writeChunk(out, "tEXt", ("Comment\0" + GPS).getBytes(StandardCharsets.ISO_8859_1));
        out.write(png, afterIhdr, png.length - afterIhdr);
        return out.toByteArray();
    }

    /** The PNG with one more chunk (its CRC right) right after IHDR. */
    static byte[] pngWithChunk(byte[] png, String type, byte[] data) {
        int afterIhdr = 8 + 8 + 13 + 4;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, afterIhdr);
        writeChunk(out, type, data);
        out.write(png, afterIhdr, png.length - afterIhdr);
        return out.toByteArray();
    }

    /** The JPEG with one more segment (marker 0xFF{@code marker}) right after SOI. */
    static byte[] jpegWithSegment(byte[] jpeg, int marker, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(marker);
        out.write((data.length + 2) >> 8);
        out.write((data.length + 2) & 0xFF);
        out.write(data, 0, data.length);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** A JPEG with an EXIF block (APP1) naming an orientation and carrying the location. */
    static byte[] jpegWithExif(int width, int height, int orientation) {
        byte[] jpeg = jpeg(width, height);
        byte[] exif = concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), tiff(orientation, GPS));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2); // SOI
        out.write(0xFF);
        out.write(0xE1);
        int len = exif.length + 2;
        out.write(len >> 8);
        out.write(len & 0xFF);
        out.write(exif, 0, exif.length);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** A big-endian TIFF with one IFD entry (orientation), then the text after it. */
    static byte[] tiff(int orientation, String text) {
        ByteBuffer b = ByteBuffer.allocate(8 + 2 + 12 + 4 + text.length()).order(ByteOrder.BIG_ENDIAN);
        b.put(new byte[] {'M', 'M', 0, 42}).putInt(8);
        b.putShort((short) 1);
        b.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        b.putInt(0);
        b.put(text.getBytes(StandardCharsets.ISO_8859_1));
        return b.array();
    }

    /**
     * A real PNG of width × height 1-bit pixels, all zero: a few hundred KB on the wire, billions
     * of pixels decoded (a decompression bomb).
     */
    static byte[] pngBomb(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height);
        ihdr.put((byte) 1).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        writeChunk(out, "IHDR", ihdr.array());
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(9))) {
            byte[] row = new byte[1 + (width + 7) / 8];
            for (int y = 0; y < height; y++) {
                z.write(row);
            }
        }
        writeChunk(out, "IDAT", idat.toByteArray());
        writeChunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /**
     * A 16-bit RGBA PNG (8 bytes a pixel once decoded: a 7000 × 7000 one is 392 MB of heap),
     * opaque red, its rows deflated as they are made, so even a large one costs the test little
     * memory and is small on the wire.
     */
    static byte[] png16(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height);
        ihdr.put((byte) 16).put((byte) 6).put((byte) 0).put((byte) 0).put((byte) 0);
        writeChunk(out, "IHDR", ihdr.array());
        byte[] row = new byte[1 + width * 8];
        for (int x = 0; x < width; x++) {
            row[1 + x * 8] = (byte) 0xFF; // red, 16 bits
            row[2 + x * 8] = (byte) 0xFF;
            row[7 + x * 8] = (byte) 0xFF; // alpha, 16 bits
            row[8 + x * 8] = (byte) 0xFF;
        }
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(9), 1 << 16)) {
            for (int y = 0; y < height; y++) {
                z.write(row);
            }
        }
        writeChunk(out, "IDAT", idat.toByteArray());
        writeChunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void writeChunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.write(ByteBuffer.allocate(4).putInt(data.length).array(), 0, 4);
        out.write(t, 0, 4);
        out.write(data, 0, data.length);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array(), 0, 4);
    }

    /** An MP4 audio file (brand M4A) whose movie header states the duration. */
    static byte[] m4a(long durationMs, int padding) {
        ByteBuffer ftyp = ByteBuffer.allocate(20);
        ftyp.putInt(20).put("ftypM4A ".getBytes(StandardCharsets.US_ASCII)).putInt(0).put("M4A ".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer mvhd = ByteBuffer.allocate(108);
        mvhd.putInt(108).put("mvhd".getBytes(StandardCharsets.US_ASCII)).putInt(0).putInt(0).putInt(0)
                .putInt(1000).putInt((int) durationMs);
        ByteBuffer moov = ByteBuffer.allocate(8 + 108);
        moov.putInt(116).put("moov".getBytes(StandardCharsets.US_ASCII)).put(mvhd.array());
        ByteBuffer mdat = ByteBuffer.allocate(8 + padding);
        mdat.putInt(8 + padding).put("mdat".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < padding; i++) {
            mdat.put((byte) i);
        }
        return concat(concat(ftyp.array(), moov.array()), mdat.array());
    }

    /** An Ogg Opus file: the OpusHead page, then a last page whose granule position ends it. */
    static byte[] opus(long durationMs) {
        int preSkip = 312;
        ByteBuffer head = ByteBuffer.allocate(19).order(ByteOrder.LITTLE_ENDIAN);
        head.put("OpusHead".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 1)
                .putShort((short) preSkip).putInt(48_000).putShort((short) 0).put((byte) 0);
        byte[] first = oggPage(2, 0, head.array());
        byte[] last = oggPage(4, preSkip + durationMs * 48, new byte[40]);
        return concat(first, last);
    }

    private static byte[] oggPage(int headerType, long granule, byte[] payload) {
        ByteBuffer p = ByteBuffer.allocate(27 + 1 + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        p.put("OggS".getBytes(StandardCharsets.US_ASCII)).put((byte) 0).put((byte) headerType).putLong(granule)
                .putInt(7).putInt(headerType == 2 ? 0 : 1).putInt(0).put((byte) 1).put((byte) payload.length).put(payload);
        return p.array();
    }

    /**
     * A WebP (extended format) of width × height whose VP8X header announces EXIF, with an EXIF
     * chunk carrying the location; the image data itself is a stub (the server never decodes WebP).
     */
    static byte[] webpWithExif(int width, int height) {
        ByteBuffer vp8x = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        vp8x.put((byte) 0x08).put(new byte[3]);
        vp8x.put((byte) (width - 1)).put((byte) ((width - 1) >> 8)).put((byte) ((width - 1) >> 16));
        vp8x.put((byte) (height - 1)).put((byte) ((height - 1) >> 8)).put((byte) ((height - 1) >> 16));
        byte[] body = concat(concat(riffChunk("VP8X", vp8x.array()), riffChunk("VP8L", new byte[] {0x2f, 0, 0, 0, 0, 0})),
                riffChunk("EXIF", tiff(1, GPS)));
        ByteBuffer out = ByteBuffer.allocate(12 + body.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + body.length)
                .put("WEBP".getBytes(StandardCharsets.US_ASCII)).put(body);
        return out.array();
    }

    /** A WebP of the chunks given (id, data, id, data, …) after its RIFF header, the RIFF size right. */
    static byte[] webp(Object... chunks) {
        byte[] body = new byte[0];
        for (int i = 0; i < chunks.length; i += 2) {
            body = concat(body, riffChunk((String) chunks[i], (byte[]) chunks[i + 1]));
        }
        ByteBuffer out = ByteBuffer.allocate(12 + body.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + body.length)
                .put("WEBP".getBytes(StandardCharsets.US_ASCII)).put(body);
        return out.array();
    }

    /** A VP8X chunk's data: the flags, then the canvas's width and height. */
    static byte[] vp8x(int flags, int width, int height) {
        ByteBuffer vp8x = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        vp8x.put((byte) flags).put(new byte[3]);
        vp8x.put((byte) (width - 1)).put((byte) ((width - 1) >> 8)).put((byte) ((width - 1) >> 16));
        vp8x.put((byte) (height - 1)).put((byte) ((height - 1) >> 8)).put((byte) ((height - 1) >> 16));
        return vp8x.array();
    }

    static byte[] riffChunk(String id, byte[] data) {
        int padded = data.length + (data.length & 1);
        ByteBuffer b = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        b.put(id.getBytes(StandardCharsets.US_ASCII)).putInt(data.length).put(data);
        return b.array();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static boolean contains(byte[] haystack, String needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1).contains(needle);
    }
}
