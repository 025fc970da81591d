package dev.parley.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.ClamdServer;
import dev.parley.testing.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With {@code media.clamd} set, every upload goes through ClamAV's daemon first: an infected file
 * is refused and never stored, a clean one goes through, and a daemon that is gone refuses uploads
 * rather than letting them through unscanned. The test starts its own clamd on a signature
 * database it writes (EICAR). Where clamd is not installed it fails, naming the package: a
 * skipped test would prove nothing.
 */
class ClamAvTest {
    static ClamdServer clamd;
    static TestNode node;

    @BeforeAll
    static void start() {
        Optional<Path> binary = ClamdServer.binary();
        if (binary.isEmpty()) {
            throw new AssertionError("clamd is not installed, and this test needs it: apt-get install clamav-daemon "
                    + "(.ci/run installs it)");
        }
        clamd = ClamdServer.start(binary.get());
        node = TestNode.start(Map.of("media.clamd", clamd.address(), "inbox.triage", "off"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (clamd != null) {
            clamd.close();
        }
    }

    @Test
    void infectedFilesAreRefusedAndNeverStored() throws Exception {
        Api api = node.api;
        Media media = new Media(api);
        Person ann = api.signUp("clam_ann");
        Media.Up infected = media.upload(ann.token(), "eicar.txt", ClamdServer.EICAR.getBytes(StandardCharsets.US_ASCII),
                "text/plain");
        assertThat(infected.status()).isEqualTo(422);
        assertThat(infected.code()).isEqualTo("file_infected");
        assertThat(infected.body().get("signature").asText()).contains(ClamdServer.SIGNATURE);
        Path stored = node.dataDir().resolve("media");
        if (java.nio.file.Files.exists(stored)) {
            try (var files = java.nio.file.Files.walk(stored)) {
                assertThat(files.filter(java.nio.file.Files::isRegularFile).toList()).isEmpty();
            }
        }
        Media.Up clean = media.upload(ann.token(), "notes.txt", "just notes".getBytes(StandardCharsets.UTF_8), "text/plain");
        assertThat(clean.status()).isEqualTo(201);
        // A daemon that is gone: refused, not let through unscanned.
        clamd.close();
        clamd = null;
        Media.Up unscanned = media.upload(ann.token(), "more.txt", "more notes".getBytes(StandardCharsets.UTF_8), "text/plain");
        assertThat(unscanned.status()).isEqualTo(503);
        assertThat(unscanned.code()).isEqualTo("scanner_unavailable");
    }
}
