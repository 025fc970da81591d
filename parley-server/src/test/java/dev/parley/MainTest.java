package dev.parley;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Api;
import dev.parley.testing.TestNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as an operator meets it. SQLite only: the admin commands open the store in data_dir. */
@Tag("sqlite-only")
class MainTest {
    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void aBadSettingStopsStartUpWithOneLineNamingIt(@TempDir Path dir) throws IOException {
        Path conf = dir.resolve("parley.conf");
        Files.writeString(conf, "port=eighty\n");
        Result r = run("serve", "--config", conf.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).containsExactly("parley: bad setting port (" + conf + "): not a whole number: 'eighty'");
    }

    @Test
    void aPortInUseStopsStartUpWithOneLineNamingIt(@TempDir Path dir) throws IOException {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
            Path conf = dir.resolve("parley.conf");
            Files.writeString(conf, "data_dir=" + dir + "\ndatabase_url=\nmetrics.port=off\nport=" + taken.getLocalPort() + "\n");
            Result r = run("serve", "--config", conf.toString());
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err().strip().lines()).singleElement().asString()
                    .startsWith("parley: ").contains(String.valueOf(taken.getLocalPort())).contains("in use");

            Files.writeString(conf, "data_dir=" + dir + "\ndatabase_url=\nport=0\nmetrics.host=127.0.0.1\nmetrics.port="
                    + taken.getLocalPort() + "\n");
            Result metrics = run("serve", "--config", conf.toString());
            assertThat(metrics.code()).isEqualTo(1);
            assertThat(metrics.err().strip().lines()).singleElement().asString()
                    .startsWith("parley: cannot listen for /metrics").contains("already in use").contains("metrics.port");
        }
    }

    @Test
    void adminGrantAndSuspend(@TempDir Path dir) throws IOException {
        try (TestNode node = TestNode.start(Map.of("data_dir", dir.toString(), "database_url", ""))) {
            Api.Person ann = node.api.signUp("ann");
            Path conf = dir.resolve("parley.conf");
            Files.writeString(conf, "data_dir=" + dir + "\n");
            Result granted = run("admin", "grant", "@ANN", "--config", conf.toString());
            assertThat(granted.code()).isEqualTo(0);
            assertThat(granted.out()).contains("granted admin to @ann");
            // It names the store it opened, so an operator sees which database "no account" is about.
            assertThat(granted.err()).contains("store: SQLite " + dir.resolve("parley.db").toAbsolutePath().normalize());
            assertThat(run("admin", "grant", "nobody_here", "--config", conf.toString()).code()).isEqualTo(1);

            Result suspended = run("admin", "suspend", "ann", "--until", "7d", "--config", conf.toString());
            assertThat(suspended.code()).as(suspended.err()).isEqualTo(0);
            assertThat(suspended.out()).as("says until when").matches("(?s)suspended @ann until 20\\d\\d-.*Z\\s*");
            Api.Res signIn = node.api.post("/api/v1/sessions", null, Map.of("handle", "ann", "password", "correct horse battery"));
            assertThat(signIn.status()).isEqualTo(403);
            assertThat(signIn.code()).isEqualTo("suspended");
        }
    }

    @Test
    void helpListsTheCommands() {
        Result r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("serve").contains("admin");
    }

    /**
     * Run from another directory, or without the node's PARLEY_DATA_DIR, an admin command used to make
     * an empty database there and then answer "no account @ann" about an account that exists.
     */
    @Test
    void adminCommandsNeverMakeADatabase(@TempDir Path dir) throws IOException {
        Path wrong = dir.resolve("not-the-nodes");
        Path conf = dir.resolve("parley.conf");
        Files.writeString(conf, "data_dir=" + wrong + "\ndatabase_url=\n");
        String expected = "parley: no Parley database at " + wrong.resolve("parley.db").toAbsolutePath().normalize()
                + " (run it with the node's settings: PARLEY_DATA_DIR or --config)";
        for (String[] command : new String[][] {{"admin", "grant", "ann"}, {"admin", "suspend", "ann"},
                {"admin", "moderator", "ann"}, {"admin", "app", "create", "photos"}, {"admin", "filter", "list"}}) {
            String[] full = java.util.stream.Stream.concat(java.util.Arrays.stream(command),
                    java.util.stream.Stream.of("--config", conf.toString())).toArray(String[]::new);
            Result r = run(full);
            assertThat(r.code()).as(String.join(" ", command)).isNotZero();
            assertThat(r.err().strip().lines()).as(String.join(" ", command)).containsExactly(expected);
            assertThat(wrong).as(String.join(" ", command)).doesNotExist();
        }
    }

    /** Rolling the jar back after an upgrade: this one's code must not run on a schema it does not know. */
    @Test
    @org.junit.jupiter.api.Timeout(120) // before the refusal, serve served (and never returned)
    void aDatabaseANewerParleyMigratedIsRefused(@TempDir Path dir) throws IOException {
        try (dev.parley.store.Database db = dev.parley.store.Database.open("", dir, 2)) {
            db.migrate();
            db.writeVoid(h -> h.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, "
                    + "script, checksum, installed_by, installed_on, execution_time, success) SELECT "
                    + "max(installed_rank) + 1, '9999', 'from a newer parley', 'SQL', 'V9999__newer.sql', 1, 'x', "
                    + "CURRENT_TIMESTAMP, 1, 1 FROM flyway_schema_history"));
        }
        Path conf = dir.resolve("parley.conf");
        Files.writeString(conf, "data_dir=" + dir + "\ndatabase_url=\nport=0\nmetrics.port=off\n");
        Result serve = run("serve", "--config", conf.toString());
        assertThat(serve.code()).isEqualTo(2);
        assertThat(serve.err().strip().lines()).singleElement().asString()
                .startsWith("parley: the database was migrated by a newer Parley (schema version 9999, this one knows up to ")
                .endsWith("): run that version, or restore the backup taken before the upgrade");
        Result admin = run("admin", "filter", "list", "--config", conf.toString());
        assertThat(admin.code()).isEqualTo(2);
        assertThat(admin.err()).contains("migrated by a newer Parley");
    }

    /** A parley.db the service user cannot write (made by a first run as root): one line, not a stack wall. */
    @Test
    @org.junit.jupiter.api.Timeout(120)
    void aReadOnlyDatabaseStopsStartUpWithOneLine(@TempDir Path dir) throws IOException {
        try (dev.parley.store.Database db = dev.parley.store.Database.open("", dir, 2)) {
            db.migrate();
        }
        // Tests run as root, whom file modes do not stop: SQLite's read-only open is what a service user gets.
        Path file = dir.resolve("parley.db").toAbsolutePath().normalize();
        Path conf = dir.resolve("parley.conf");
        Files.writeString(conf, "data_dir=" + dir + "\ndatabase_url=jdbc:sqlite:file:" + file + "?mode=ro\nport=0\n"
                + "metrics.port=off\n");
        Result r = run("serve", "--config", conf.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).containsExactly("parley: cannot write the database " + file
                + " (read-only: check its owner)");
    }

    /** A unit file that lost its "serve" printed the usage and exited 0: a service that did nothing, "successfully". */
    @Test
    void noCommandIsAnErrorWithTheUsage() {
        Result r = run();
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("serve").contains("admin");
        assertThat(run("admin").code()).isEqualTo(2);
    }

    /** The admin commands' slips name what is wrong: the app, the file, the line. */
    @Test
    void adminSlipsNameWhatIsWrong(@TempDir Path dir) throws IOException {
        try (dev.parley.store.Database db = dev.parley.store.Database.open("", dir, 2)) {
            db.migrate();
        }
        Path conf = dir.resolve("parley.conf");
        Files.writeString(conf, "data_dir=" + dir + "\ndatabase_url=\n");

        Result noApp = run("admin", "suspend", "--app", "nosuchapp", "carol", "--config", conf.toString());
        assertThat(noApp.code()).isEqualTo(1);
        assertThat(noApp.err()).contains("parley: no app 'nosuchapp'").doesNotContain("no account");

        // "tomorrow" was a picocli line about java.time.Instant; a day in the past suspended for nothing.
        Result vague = run("admin", "suspend", "--until", "tomorrow", "carol", "--config", conf.toString());
        assertThat(vague.code()).isEqualTo(2);
        assertThat(vague.err()).contains("'tomorrow' is not a time: write 2026-12-31T18:00:00Z")
                .contains("90m, 12h or 7d").doesNotContain("java.time").doesNotContain("Exception");
        Result past = run("admin", "suspend", "--until", "2020-01-01", "carol", "--config", conf.toString());
        assertThat(past.code()).isEqualTo(2);
        assertThat(past.err()).contains("'2020-01-01' is in the past");

        Path missing = dir.resolve("nope.txt");
        Result noFile = run("admin", "filter", "import", missing.toString(), "--config", conf.toString());
        assertThat(noFile.code()).isEqualTo(1);
        assertThat(noFile.err().strip().lines()).containsExactly("parley: no file " + missing);

        Path filters = Files.writeString(dir.resolve("filters.txt"), "# node filters\nword block free cash\n\nbogus line here\n");
        Result badLine = run("admin", "filter", "import", filters.toString(), "--config", conf.toString());
        assertThat(badLine.code()).isEqualTo(1);
        assertThat(badLine.err()).contains("parley: line 4: 'kind' is one of").contains("Nothing was imported.");
        assertThat(run("admin", "filter", "list", "--config", conf.toString()).out()).doesNotContain("free cash");
    }
}
