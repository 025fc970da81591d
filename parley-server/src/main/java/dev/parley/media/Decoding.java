package dev.parley.media;

import dev.parley.http.ApiException;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.MultiPixelPackedSampleModel;
import java.awt.image.SampleModel;
import java.awt.image.SinglePixelPackedSampleModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * Decoding an image within a bound on the heap it takes, planned from the header before a pixel is
 * decoded. The pixel cap ({@code media.max_pixels}) counts pixels, but a decoded pixel takes from
 * one byte (a palette) to eight (16-bit RGBA): a 7000 × 7000 16-bit PNG of 380 KB is under the cap
 * and 392 MB once decoded, and it ran the node out of its 512 MB heap. So the reader's own layout
 * for the image (bit depth, channels, how it stores them) says what the decoded image takes:
 * <ul>
 *   <li>for thumbnails, the image is read subsampled (every n-th pixel each way, which the readers
 *       do row by row, never holding the whole image) to at most twice the box's side and at most
 *       {@link #BUDGET}, then scaled down smoothly, so any image the cap lets in gets them;</li>
 *   <li>a re-encoding (an image turned by its EXIF orientation, or whose chunks do not check out)
 *       needs every pixel: one that would take more than {@link #BUDGET}, turning included, is
 *       refused with 422 {@code image_too_large} before it is decoded.</li>
 * </ul>
 * Only {@link ImageWorker}'s one thread decodes, so this is also what image work holds at most.
 */
final class Decoding {
    /**
     * The most heap one decoded image may take: a photo at the default pixel cap (50 M pixels,
     * 8-bit RGB, 150 MB) turned in place ({@link Turn}) fits, with room beside it in the README's
     * {@code -Xmx512m}.
     */
    static final long BUDGET = 160_000_000L;

    /** How an image is read: every {@code subsampling}-th pixel each way, into {@code width × height}, taking {@code bytes}. */
    record Plan(int width, int height, int subsampling, long bytes) {}

    private Decoding() {}

    /**
     * The first image in the file, subsampled to no more than its thumbnails need: its long side
     * at most twice {@code box} (the rest of the way is scaled smoothly), and within the budget.
     */
    static BufferedImage forBox(Path file, int box) throws IOException {
        return read(file, (reader, type) -> {
            Plan plan = forBox(reader.getWidth(0), reader.getHeight(0), bitsPerPixel(type.getSampleModel()), box);
            ImageReadParam param = reader.getDefaultReadParam();
            param.setDestinationType(type);
            param.setSourceSubsampling(plan.subsampling(), plan.subsampling(), 0, 0);
            return reader.read(0, param);
        });
    }

    /**
     * The first image in the file, every pixel, turned by its EXIF {@code orientation}; refused
     * (422 {@code image_too_large}) if that would take more than the budget.
     *
     * @param opaqueCopy whether the caller will copy it without alpha (JPEG), if it has any
     */
    static BufferedImage whole(Path file, int orientation, boolean opaqueCopy) throws IOException {
        boolean[] inPlace = {false};
        BufferedImage image = read(file, (reader, type) -> {
            int w = reader.getWidth(0);
            int h = reader.getHeight(0);
            long bits = bitsPerPixel(type.getSampleModel());
            inPlace[0] = turnsInPlace(bytes(w, h, bits), Turn.inPlace(type.getSampleModel()));
            long needed = whole(w, h, bits, orientation, inPlace[0])
                    + (opaqueCopy && type.getColorModel().hasAlpha() ? 4L * w * h : 0);
            if (needed > BUDGET) {
                throw tooLarge(w, h, bits, needed);
            }
            ImageReadParam param = reader.getDefaultReadParam();
            param.setDestinationType(type);
            return reader.read(0, param);
        });
        return Turn.apply(image, orientation, inPlace[0]);
    }

    /**
     * Whether an image is turned in place: only when it cannot be held twice within the budget
     * (turning into a copy is several times faster) and its layout allows it.
     */
    static boolean turnsInPlace(long imageBytes, boolean layoutAllows) {
        return layoutAllows && 2 * imageBytes > BUDGET;
    }

    /** The plan for thumbnails of {@code box}: subsampled to a long side of at most 2 × box, then to the budget. */
    static Plan forBox(int width, int height, long bitsPerPixel, int box) {
        int f = Math.max(1, ceilDiv(Math.max(width, height), 2L * box));
        while (bytes(ceilDiv(width, f), ceilDiv(height, f), bitsPerPixel) > BUDGET) {
            f++;
        }
        int w = ceilDiv(width, f);
        int h = ceilDiv(height, f);
        return new Plan(w, h, f, bytes(w, h, bitsPerPixel));
    }

    /** The heap a whole decode takes: the image, and what turning it takes (a copy, or {@link Turn}'s scratch in place). */
    static long whole(int width, int height, long bitsPerPixel, int orientation, boolean turnsInPlace) {
        long image = bytes(width, height, bitsPerPixel);
        if (orientation == 1) {
            return image;
        }
        return image + (turnsInPlace ? Turn.scratchBytes(width, height) : image);
    }

    /** Bytes of a decoded image: rows of {@code bitsPerPixel} each, rounded up to whole bytes. */
    static long bytes(int width, int height, long bitsPerPixel) {
        return (width * bitsPerPixel + 7) / 8 * height;
    }

    /** What one pixel takes in memory as the reader lays it out (a packed int is 32 bits, 16-bit RGBA 64). */
    static long bitsPerPixel(SampleModel sm) {
        int element = DataBuffer.getDataTypeSize(sm.getDataType());
        if (sm instanceof MultiPixelPackedSampleModel m) {
            return m.getPixelBitStride();
        }
        if (sm instanceof SinglePixelPackedSampleModel) {
            return element;
        }
        if (sm instanceof ComponentSampleModel c) {
            long banks = java.util.Arrays.stream(c.getBankIndices()).distinct().count(); // one per band when banded
            return Math.max(c.getPixelStride(), 1) * banks * element;
        }
        return (long) sm.getNumDataElements() * element;
    }

    /** The plan for thumbnails of the file's first image, from its header alone. */
    static Plan planFor(Path file, int box) throws IOException {
        return read(file, (reader, type) ->
                forBox(reader.getWidth(0), reader.getHeight(0), bitsPerPixel(type.getSampleModel()), box));
    }

    private static ApiException tooLarge(int w, int h, long bits, long needed) {
        return new ApiException(422, "image_too_large", "Image too large",
                "The image is " + w + " × " + h + " pixels of " + (bits + 7) / 8 + " bytes each: processing it would take "
                        + needed / 1_000_000 + " MB of memory, and one image may take at most " + BUDGET / 1_000_000
                        + " MB.", Map.of("max_decoded_bytes", BUDGET));
    }

    @FunctionalInterface
    private interface Reading<T> {
        T read(ImageReader reader, ImageTypeSpecifier type) throws IOException;
    }

    /** Opens the file's reader on its first image and the layout it decodes into (the first the reader offers, its default). */
    private static <T> T read(Path file, Reading<T> work) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new IOException("no image reader for " + file.getFileName());
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
                if (types == null || !types.hasNext()) {
                    throw new IOException("no image type for " + file.getFileName());
                }
                return work.read(reader, types.next());
            } finally {
                reader.dispose();
            }
        }
    }

    private static int ceilDiv(long a, long b) {
        return (int) ((a + b - 1) / b);
    }
}
