package dev.parley.media;

import dev.parley.testing.NodeFixture;
import dev.parley.testing.S3Server;
import dev.parley.testing.TestNode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Uploads kept in an S3-compatible object store: S3Proxy on 127.0.0.1, started by the test. */
@Tag("sqlite-only") // the object store's side of uploads; the database's side runs on both stores in DiskUploadTest
class S3UploadTest extends UploadContract {
    static final S3Server S3 = S3Server.start();
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(settings());

    private static Map<String, String> settings() {
        Map<String, String> s = new HashMap<>(S3.settings());
        s.putAll(CAPS);
        return s;
    }

    @AfterAll
    static void stopS3() throws Exception {
        S3.close();
    }

    @Override
    TestNode node() {
        return NODE.node();
    }
}
