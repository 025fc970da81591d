package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data dir holds message text, password hashes and the media-link key: under the usual umask
 * (022) it used to be made readable by every user of the machine (755, and 644 files).
 */
@Tag("sqlite-only")
class DataDirModeTest {
    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aNewDataDirAndItsFilesAreTheOwnersOnly(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("parley-data");
        try (Database db = Database.open("", data, 2)) {
            db.migrate(); // writes: the -wal and -shm files exist now
            assertThat(mode(data)).isEqualTo("rwx------");
            for (String f : new String[] {"parley.db", "parley.db-wal", "parley.db-shm"}) {
                assertThat(mode(data.resolve(f))).as(f).isEqualTo("rw-------");
            }
        }
        assertThat(StoreModule.exposed(data)).isEmpty();
    }

    @Test
    void anExistingDataDirOthersMayReadIsWarnedAbout(@TempDir Path dir) throws IOException {
        Path data = Files.createDirectory(dir.resolve("old-data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(StoreModule.exposed(data)).hasValueSatisfying(w -> assertThat(w)
                .startsWith("data_dir " + data.toAbsolutePath().normalize() + " is open to other users (rwxr-xr-x)")
                .contains("chmod 700"));
    }

    /** A data_dir path that is a file said "cannot create data_dir X: X": the reason was missing. */
    @Test
    void aDataDirThatIsAFileSaysSo(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("afile"), "x");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Database.open("", file, 2))
                .hasMessage("cannot create data_dir " + file.toAbsolutePath() + ": " + file + " is a file, not a directory");
    }
}
