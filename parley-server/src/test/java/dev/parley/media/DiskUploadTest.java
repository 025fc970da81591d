package dev.parley.media;

import dev.parley.testing.NodeFixture;
import dev.parley.testing.TestNode;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Uploads kept on the node's disk, the default media store. */
class DiskUploadTest extends UploadContract {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(CAPS);

    @Override
    TestNode node() {
        return NODE.node();
    }
}
