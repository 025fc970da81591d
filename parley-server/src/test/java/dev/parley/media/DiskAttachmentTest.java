package dev.parley.media;

import dev.parley.testing.NodeFixture;
import dev.parley.testing.TestNode;
import java.util.Map;
import java.util.Set;
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
    Set<String> storedKeys() {
        return Media.onDisk(NODE.node().dataDir());
    }
}
