package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite writer keeps the index pages a group commit touches in its own cache, rather than
 * SQLite's default 2 MB, which made every batch re-read pages from the OS (issue 22's profile).
 */
@Tag("sqlite-only")
class WriterCacheTest {
    @TempDir
    Path dir;

    @Test
    void theWriterHasALargePageCacheAndTheReadersKeepTheDefault() {
        try (Database db = Database.open("", dir, 2)) {
            int writer = db.write(h -> h.createQuery("PRAGMA cache_size").mapTo(Integer.class).one());
            int reader = db.read(h -> h.createQuery("PRAGMA cache_size").mapTo(Integer.class).one());
            assertThat(writer).as("the writer's cache, negative meaning KiB").isEqualTo(-Database.WRITER_CACHE_KIB);
            assertThat(reader).as("each of the many readers keeps SQLite's 2 MB").isEqualTo(-2000);
        }
    }
}
