package dev.parley.media;

/**
 * One byte range of a {@code Range} header ({@code bytes=first-last}, {@code bytes=first-} or
 * {@code bytes=-suffix}), clipped to the file. Several ranges in one header are answered whole.
 */
record ByteRange(long first, long last, boolean satisfiable) {
    long length() {
        return last - first + 1;
    }

    /** @return null to answer the whole file (no header, or one this does not take) */
    static ByteRange parse(String header, long size) {
        if (header == null || !header.startsWith("bytes=") || header.contains(",")) {
            return null;
        }
        String spec = header.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            String a = spec.substring(0, dash).trim();
            String b = spec.substring(dash + 1).trim();
            if (a.isEmpty()) {
                long suffix = Long.parseLong(b);
                if (suffix <= 0) {
                    return new ByteRange(0, 0, false);
                }
                return new ByteRange(Math.max(0, size - suffix), size - 1, size > 0);
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
            if (first >= size || last < first) {
                return new ByteRange(0, 0, false);
            }
            return new ByteRange(first, last, true);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
