package dev.parley.media;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DataBufferShort;
import java.awt.image.DataBufferUShort;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;
import java.util.BitSet;

/**
 * An EXIF orientation (1 to 8, as the tag defines them) applied to a decoded image, for JPEG and
 * PNG alike: into a copy, or, for an image too large to be held twice ({@link Decoding}), in
 * place. Where the pixels lie one after another in one array (how the JDK decodes JPEG, PNG and
 * GIF at 8 and 16 bits), they can be moved within that array, so a turned photo takes no second
 * copy of itself: a 50-megapixel one would otherwise need 300 MB rather than 150 (plus a bit a
 * pixel, {@link #scratchBytes}). Other layouts (1, 2 and 4-bit packed pixels) are always copied.
 */
final class Turn {
    private Turn() {}

    /**
     * The image as a viewer honouring {@code orientation} shows it (the same image for 1 or an
     * unknown value): turned in place when asked and the layout allows, else into a copy.
     */
    static BufferedImage apply(BufferedImage image, int orientation, boolean inPlace) {
        if (orientation < 2 || orientation > 8) {
            return image;
        }
        return inPlace && inPlace(image.getRaster()) ? inPlace(image, orientation) : copy(image, orientation);
    }

    /** Whether images of this layout are turned in place: pixels one after another, one array. */
    static boolean inPlace(SampleModel sm) {
        return sm instanceof PixelInterleavedSampleModel || sm instanceof SinglePixelPackedSampleModel;
    }

    /** What turning in place takes beside the image: a bit a pixel, to mark those moved. */
    static long scratchBytes(int width, int height) {
        return ((long) width * height + 7) / 8;
    }

    private static boolean inPlace(WritableRaster r) {
        SampleModel sm = r.getSampleModel();
        DataBuffer db = r.getDataBuffer();
        int stride = sm instanceof PixelInterleavedSampleModel p ? p.getPixelStride() : 1;
        int scanline = sm instanceof PixelInterleavedSampleModel p ? p.getScanlineStride()
                : sm instanceof SinglePixelPackedSampleModel s ? s.getScanlineStride() : -1;
        return inPlace(sm) && r.getParent() == null && r.getMinX() == 0 && r.getMinY() == 0
                && r.getSampleModelTranslateX() == 0 && r.getSampleModelTranslateY() == 0
                && db.getNumBanks() == 1 && db.getOffset() == 0 && scanline == r.getWidth() * stride
                && array(db) != null;
    }

    /**
     * Moves each pixel to where the orientation puts it, cycle by cycle, then reads the array with
     * the new shape. It follows each cycle through memory at random, so it is slower than a copy
     * (about a second for 12 megapixels, on one core): for images too large to copy.
     */
    static BufferedImage inPlace(BufferedImage image, int orientation) {
        WritableRaster r = image.getRaster();
        int w = r.getWidth();
        int h = r.getHeight();
        boolean swaps = orientation >= 5;
        int outW = swaps ? h : w;
        SampleModel sm = r.getSampleModel();
        int k = sm instanceof PixelInterleavedSampleModel p ? p.getPixelStride() : 1;
        Object data = array(r.getDataBuffer());
        BitSet moved = new BitSet(w * h);
        // One loop a type of array, so each moves its elements without a call a pixel.
        if (data instanceof byte[] b) {
            moveBytes(b, k, w, h, outW, orientation, moved);
        } else if (data instanceof short[] s) {
            moveShorts(s, k, w, h, outW, orientation, moved);
        } else {
            moveInts((int[]) data, k, w, h, outW, orientation, moved);
        }
        int outH = swaps ? w : h;
        SampleModel turned = sm instanceof PixelInterleavedSampleModel p
                ? new PixelInterleavedSampleModel(sm.getDataType(), outW, outH, k, outW * k, p.getBandOffsets())
                : new SinglePixelPackedSampleModel(sm.getDataType(), outW, outH, outW,
                        ((SinglePixelPackedSampleModel) sm).getBitMasks());
        WritableRaster out = Raster.createWritableRaster(turned, r.getDataBuffer(), null);
        return new BufferedImage(image.getColorModel(), out, image.isAlphaPremultiplied(), null);
    }

    private static void moveBytes(byte[] data, int k, int w, int h, int outW, int orientation, BitSet moved) {
        byte[] held = new byte[k];
        for (int start = moved.nextClearBit(0); start < w * h; start = moved.nextClearBit(start + 1)) {
            System.arraycopy(data, start * k, held, 0, k);
            for (int to = start, from; ; to = from) {
                moved.set(to);
                from = source(orientation, to % outW, to / outW, w, h);
                for (int i = 0; i < k; i++) {
                    data[to * k + i] = from == start ? held[i] : data[from * k + i];
                }
                if (from == start) {
                    break;
                }
            }
        }
    }

    private static void moveShorts(short[] data, int k, int w, int h, int outW, int orientation, BitSet moved) {
        short[] held = new short[k];
        for (int start = moved.nextClearBit(0); start < w * h; start = moved.nextClearBit(start + 1)) {
            System.arraycopy(data, start * k, held, 0, k);
            for (int to = start, from; ; to = from) {
                moved.set(to);
                from = source(orientation, to % outW, to / outW, w, h);
                for (int i = 0; i < k; i++) {
                    data[to * k + i] = from == start ? held[i] : data[from * k + i];
                }
                if (from == start) {
                    break;
                }
            }
        }
    }

    private static void moveInts(int[] data, int k, int w, int h, int outW, int orientation, BitSet moved) {
        int[] held = new int[k];
        for (int start = moved.nextClearBit(0); start < w * h; start = moved.nextClearBit(start + 1)) {
            System.arraycopy(data, start * k, held, 0, k);
            for (int to = start, from; ; to = from) {
                moved.set(to);
                from = source(orientation, to % outW, to / outW, w, h);
                for (int i = 0; i < k; i++) {
                    data[to * k + i] = from == start ? held[i] : data[from * k + i];
                }
                if (from == start) {
                    break;
                }
            }
        }
    }

    /** Turns into a new image of the same layout, pixel by pixel (any layout). */
    static BufferedImage copy(BufferedImage image, int orientation) {
        WritableRaster r = image.getRaster();
        int w = r.getWidth();
        int h = r.getHeight();
        boolean swaps = orientation >= 5;
        int outW = swaps ? h : w;
        int outH = swaps ? w : h;
        WritableRaster out = r.createCompatibleWritableRaster(outW, outH);
        Object pixel = null;
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                int from = source(orientation, x, y, w, h);
                pixel = r.getDataElements(from % w, from / w, pixel);
                out.setDataElements(x, y, pixel);
            }
        }
        return new BufferedImage(image.getColorModel(), out, image.isAlphaPremultiplied(), null);
    }

    /**
     * Which pixel of the stored {@code w × h} image the shown one at ({@code x}, {@code y}) is, as
     * an index (row by row). EXIF: 2 mirrors, 3 turns half way, 4 flips, 5 transposes, 6 turns a
     * quarter clockwise, 7 transposes the other way, 8 turns a quarter anticlockwise.
     */
    private static int source(int orientation, int x, int y, int w, int h) {
        return switch (orientation) {
            case 2 -> y * w + (w - 1 - x);
            case 3 -> (h - 1 - y) * w + (w - 1 - x);
            case 4 -> (h - 1 - y) * w + x;
            case 5 -> x * w + y;
            case 6 -> (h - 1 - x) * w + y;
            case 7 -> (h - 1 - x) * w + (w - 1 - y);
            case 8 -> x * w + (w - 1 - y);
            default -> y * w + x;
        };
    }

    private static Object array(DataBuffer db) {
        if (db instanceof DataBufferByte b) {
            return b.getData();
        }
        if (db instanceof DataBufferUShort u) {
            return u.getData();
        }
        if (db instanceof DataBufferShort s) {
            return s.getData();
        }
        if (db instanceof DataBufferInt i) {
            return i.getData();
        }
        return null;
    }
}
