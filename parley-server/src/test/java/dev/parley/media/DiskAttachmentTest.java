package dev.parley.media;

import dev.parley.testing.NodeFixture;
import dev.parley.testing.TestNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Attachments with the default store: files under the data directory. */
class DiskAttachmentTest extends AttachmentContract {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of("inbox.triage", "off"), CLOCK);

    @Override
    TestNode node() {
        return NODE.node();
    }

    @Override
    Set<String> storedKeys() throws IOException {
        Path root = NODE.node().dataDir().resolve("media");
        if (!Files.isDirectory(root)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
