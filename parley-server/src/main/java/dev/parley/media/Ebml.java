package dev.parley.media;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the DocType of an EBML (Matroska/WebM) header. Tika calls the WebM that Chromium's
 * MediaRecorder writes (the web client's voice notes) application/x-matroska, since its magic
 * looks for "webm" at fixed offsets that this header does not use; the DocType says which it is.
 */
final class Ebml {
    private static final int HEAD = 64;

    private Ebml() {}

    /** True if the file is EBML with DocType "webm" (a Matroska file proper says "matroska"). */
    static boolean isWebm(Path file) throws IOException {
        byte[] b;
        try (InputStream in = Files.newInputStream(file)) {
            b = in.readNBytes(HEAD);
        }
        if (b.length < 8 || (b[0] & 0xff) != 0x1a || (b[1] & 0xff) != 0x45 || (b[2] & 0xff) != 0xdf
                || (b[3] & 0xff) != 0xa3) {
            return false;
        }
        for (int i = 4; i + 2 < b.length; i++) {
            if ((b[i] & 0xff) == 0x42 && (b[i + 1] & 0xff) == 0x82 && (b[i + 2] & 0x80) != 0) {
                int len = b[i + 2] & 0x7f; // a one-byte size, as every writer uses for a DocType
                int from = i + 3;
                return from + len <= b.length
                        && new String(b, from, len, StandardCharsets.US_ASCII).equals("webm");
            }
        }
        return false;
    }
}
