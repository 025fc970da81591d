package dev.parley.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DocType decides whether an EBML file Tika calls Matroska is the WebM a browser records. */
@Tag("store-free")
class EbmlTest {
    @TempDir
    Path dir;

    @Test
    void aWebmDocTypeIsWebmAndAMatroskaOneOrOtherBytesAreNot() throws IOException {
        assertThat(Ebml.isWebm(write("rec.webm", header("webm")))).isTrue();
        assertThat(Ebml.isWebm(write("film.mkv", header("matroska")))).isFalse();
        assertThat(Ebml.isWebm(write("note.txt", "webm webm webm".getBytes(StandardCharsets.US_ASCII)))).isFalse();
        assertThat(Ebml.isWebm(write("empty", new byte[0]))).isFalse();
    }

    /** An EBML header as Chromium writes it: version fields, then DocType. */
    private static byte[] header(String docType) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] name = docType.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(new byte[] {0x1a, 0x45, (byte) 0xdf, (byte) 0xa3, (byte) (0x80 | (19 + name.length)),
            0x42, (byte) 0x86, (byte) 0x81, 0x01, 0x42, (byte) 0xf7, (byte) 0x81, 0x01,
            0x42, (byte) 0xf2, (byte) 0x81, 0x04, 0x42, (byte) 0xf3, (byte) 0x81, 0x08,
            0x42, (byte) 0x82, (byte) (0x80 | name.length)});
        out.writeBytes(name);
        out.writeBytes(new byte[] {0x42, (byte) 0x87, (byte) 0x81, 0x04, 0x42, (byte) 0x85, (byte) 0x81, 0x02});
        return out.toByteArray();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }
}
