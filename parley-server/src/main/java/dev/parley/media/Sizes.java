package dev.parley.media;

import java.util.Locale;

/**
 * A byte count in the words a person reads ("25 MB", "1.5 MB", "800 KB"), for refusals the web
 * client shows as they are: "at most 26214400 bytes" made people do arithmetic.
 */
final class Sizes {
    private static final long KB = 1024;
    private static final long MB = 1024 * KB;

    private Sizes() {
    }

    static String words(long bytes) {
        if (bytes >= MB) {
            return amount(bytes, MB) + " MB";
        }
        return bytes >= KB ? amount(bytes, KB) + " KB" : bytes + " bytes";
    }

    /** Whole units when the count is whole, else one decimal (rounded down, so a limit never reads higher). */
    private static String amount(long bytes, long unit) {
        if (bytes % unit == 0) {
            return Long.toString(bytes / unit);
        }
        return String.format(Locale.ROOT, "%.1f", Math.floor(bytes * 10.0 / unit) / 10);
    }
}
