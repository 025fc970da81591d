package dev.parley.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.config.Settings;
import dev.parley.lifecycle.Lifecycle;
import dev.parley.store.Database;
import dev.parley.testing.MutableClock;
import dev.parley.testing.TestStores;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads nobody sent are deleted (row and file) once they are a day old; sent ones stay. */
class UnusedUploadSweepTest {

    @Test
    void unusedUploadsGoAfterADay(@TempDir Path dir) throws Exception {
        String url = TestStores.postgres() ? TestStores.freshPostgresSchema() : "";
        MutableClock clock = new MutableClock(Instant.parse("2026-04-01T12:00:00Z"));
        try (Database db = Database.open(url, dir, 2); Lifecycle life = new Lifecycle()) {
            db.migrate();
            Settings settings = Settings.of(Map.of("data_dir", dir.toString(), "database_url", url));
            MediaModule media = MediaModule.build(db, settings, clock, life);
            Upload kept = upload(media, "kept.txt");
            Upload dropped = upload(media, "dropped.txt");
            db.writeVoid(h -> new UploadStore().claim(h, kept.id(), "acct", "conv", 1, 0));
            clock.advance(Duration.ofHours(23));
            assertThat(media.sweep(clock)).isZero();
            clock.advance(Duration.ofHours(2));
            assertThat(media.sweep(clock)).isEqualTo(1);
            assertThat(stored(dir)).contains(kept.id()).doesNotContain(dropped.id());
            java.util.Optional<Upload> gone = db.read(h -> new UploadStore().get(h, dropped.id()));
            java.util.Optional<Upload> still = db.read(h -> new UploadStore().get(h, kept.id()));
            assertThat(gone).isEmpty();
            assertThat(still).isPresent();
        } finally {
            if (TestStores.postgres()) {
                TestStores.dropSchema(url);
            }
        }
    }

    private static Upload upload(MediaModule media, String name) {
        byte[] bytes = ("the file " + name).getBytes(StandardCharsets.UTF_8);
        return media.uploads().upload("acct", name, () -> new ByteArrayInputStream(bytes), bytes.length);
    }

    private static java.util.Set<String> stored(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir.resolve("media"))) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .collect(java.util.stream.Collectors.toSet());
        }
    }
}
