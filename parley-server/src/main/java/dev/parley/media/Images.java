package dev.parley.media;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import net.coobird.thumbnailator.Thumbnails;

/**
 * Images: their size read from the header alone (so a decompression bomb is refused before a
 * pixel is decoded), re-encoded with the EXIF orientation applied and every metadata block
 * dropped (location included), and thumbnails. Only {@link ImageWorker}'s one thread decodes, so
 * uploads at once never hold more than one decoded image in the heap, and {@link Decoding} bounds
 * what that one takes.
 */
final class Images {
    record Size(int width, int height) {
        long pixels() {
            return (long) width * height;
        }
    }

    private Images() {}

    /** Width and height from the header only; empty if no reader understands it. */
    static Optional<Size> header(Path file, String type) throws IOException {
        if (type.equals("image/webp")) {
            return Webp.size(file);
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return Optional.of(new Size(reader.getWidth(0), reader.getHeight(0)));
            } finally {
                reader.dispose();
            }
        }
    }

    /** True for the types the JDK decodes (WebP is stored as sent, its metadata chunks dropped). */
    static boolean decodable(String type) {
        return type.equals("image/jpeg") || type.equals("image/png") || type.equals("image/gif");
    }

    /** Frames in a GIF (more than one: animated, kept as sent so it still moves). */
    static int frames(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            try {
                reader.setInput(in, false, true);
                return reader.getNumImages(true);
            } finally {
                reader.dispose();
            }
        }
    }

    /**
     * Decodes, turns by the EXIF orientation (a JPEG's APP1 or a PNG's eXIf, applied alike), and
     * writes the pixels alone to {@code out} in the same format: EXIF, XMP, IPTC, comments and text
     * chunks are not carried over. One that would take more than {@link Decoding#BUDGET} of heap
     * to decode and turn is refused (422 {@code image_too_large}) before it is decoded.
     *
     * @return the size after turning
     */
    static Size reencode(Path in, String type, Path out) throws IOException {
        String format = format(type);
        BufferedImage image = Decoding.whole(in, ExifOrientation.ofFile(in, type), format.equals("jpg"));
        write(image, format, out);
        return new Size(image.getWidth(), image.getHeight());
    }

    /**
     * Both thumbnails from one decode, each fitting its box (never enlarged), JPEG or PNG as the
     * original: the large one, then the small one made from it in memory rather than by decoding the
     * original again (a 12-megapixel photo's decode and resize took about 130 ms on a 2-core machine,
     * and each of its decoded images is 48 MB of heap; issue 18). With {@code largeOut} null (the
     * stored image serves as its own large thumbnail, {@link #fitsAsIs}) only the small one is made.
     * The decode is subsampled to what the larger box needs ({@link Decoding#forBox}), so however
     * deep its pixels, an image takes a bounded part of the heap; the stored image is upright
     * already (its orientation applied when it was taken in).
     */
    static void thumbnails(Path in, String type, Size size, int smallBox, int largeBox, Path smallOut, Path largeOut)
            throws IOException {
        String format = thumbnailFormat(type).equals("image/png") ? "png" : "jpg";
        BufferedImage source = Decoding.forBox(in, largeOut == null ? smallBox : largeBox);
        if (largeOut != null) {
            source = scaled(source, size, largeBox);
            write(source, format, largeOut);
        }
        write(scaled(source, size, smallBox), format, smallOut);
    }

    /**
     * The image at the size that fits {@code original} in the box (from the original's size, so a
     * subsampled decode gives the thumbnail the original's proportions), scaled smoothly, in a
     * standard 8-bit layout that every writer takes.
     */
    private static BufferedImage scaled(BufferedImage image, Size original, int box) throws IOException {
        double scale = fit(box, original.width(), original.height());
        int w = Math.max(1, (int) Math.round(original.width() * scale));
        int h = Math.max(1, (int) Math.round(original.height() * scale));
        if (w == image.getWidth() && h == image.getHeight() && image.getType() != BufferedImage.TYPE_CUSTOM) {
            return image;
        }
        return Thumbnails.of(image).forceSize(w, h).imageType(image.getColorModel().hasAlpha()
                ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB).asBufferedImage();
    }

    /** The scale that fits {@code width} × {@code height} in a box, at most 1 (never enlarged). */
    private static double fit(int box, int width, int height) {
        return Math.min(1.0, (double) box / Math.max(width, height));
    }

    private static void write(BufferedImage image, String format, Path out) throws IOException {
        if (!ImageIO.write(format.equals("jpg") ? opaque(image) : image, format, out.toFile())) {
            throw new IOException("no " + format + " writer");
        }
    }

    /**
     * Whether a stored image can serve as its own thumbnail for a box: it fits the box (a thumbnail
     * is never enlarged) and is already in the thumbnail's format (JPEG or PNG, not GIF or WebP).
     */
    static boolean fitsAsIs(String type, Size size, int box) {
        return Math.max(size.width(), size.height()) <= box && thumbnailFormat(type).equals(type);
    }

    static String thumbnailFormat(String type) {
        return type.equals("image/jpeg") ? "image/jpeg" : "image/png";
    }

    private static String format(String type) {
        return switch (type) {
            case "image/jpeg" -> "jpg";
            case "image/png" -> "png";
            case "image/gif" -> "gif";
            default -> throw new IllegalArgumentException("not re-encoded: " + type);
        };
    }

    /** JPEG holds no alpha: flatten onto white. */
    private static BufferedImage opaque(BufferedImage image) {
        if (!image.getColorModel().hasAlpha()) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = rgb.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return rgb;
    }
}
