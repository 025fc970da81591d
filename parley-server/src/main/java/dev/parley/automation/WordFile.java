package dev.parley.automation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A word list shipped beside the FAQ bot's classes: one word a line, {@code #} lines its notes. */
final class WordFile {
    private WordFile() {}

    /** The words of {@code resource} (next to this class), in file order; a missing or unreadable file stops the node. */
    static List<String> read(String resource) {
        try (InputStream in = WordFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(resource + " could not be read", e);
        }
    }
}
