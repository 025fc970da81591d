package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.account.JdbcAccountStore;
import dev.parley.testing.Api;
import dev.parley.testing.TestNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code parley import} against a running node: batches, refusals with reasons, and resuming after a crash. */
class ImportCommandTest {

    @Test
    void importsUsersAndEdgesAndResumesFromTheCheckpoint(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start()) {
            Api api = node.api;
            String secret = appSecret(node, "keeper_import", "bulk");

            List<String> users = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
                users.add("{\"external_id\":\"u" + i + "\",\"display_name\":\"From file " + i + "\"}");
            }
            users.set(170, "{\"external_id\":\"bad id\",\"display_name\":\"Bad\"}");
            users.set(120, "{\"external_id\":\"u120\",\"display_name\":\"Named\",\"handle\":\"imported_one\"}");
            // A clash within the app's network (a handle only another network has is free).
            users.set(180, "{\"external_id\":\"u180\",\"display_name\":\"Clash\",\"handle\":\"imported_one\"}");
            Path usersFile = Files.write(dir.resolve("users.jsonl"), users);
            List<String> edges = new ArrayList<>();
            for (int i = 1; i < 250; i++) {
                edges.add("{\"kind\":\"follows\",\"from\":\"u0\",\"to\":\"u" + i + "\"}");
            }
            edges.add("{\"kind\":\"follows\",\"from\":\"u0\",\"to\":\"ghost\"}");
            Path edgesFile = Files.write(dir.resolve("edges.jsonl"), edges);

            // A crash after the first batch: its 100 users are in the node, the checkpoint says so.
            List<Map<String, Object>> first = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                first.add(Map.of("external_id", "u" + i, "display_name", "Before crash " + i));
            }
            api.post("/api/v1/app/users/batch", secret, Map.of("users", first)).expect(200);
            Path checkpoint = dir.resolve("import.checkpoint");
            Files.writeString(checkpoint, "users=100\n");

            String out = run(api.base(), secret, checkpoint, usersFile, edgesFile, ImportCommand.SOME_REFUSED);
            assertThat(out).contains("resuming from");
            // 150 lines after the checkpoint, two refused with their reasons; of 250 edges, those to the two
            // refused users and to an unknown id are refused.
            assertThat(out).contains("users 148 taken, 2 refused; edges 247 taken, 3 refused");
            assertThat(out).contains("conflict: The handle @imported_one is taken.").contains("No such user: ghost");
            // The lines before the checkpoint were not sent again.
            assertThat(api.get("/api/v1/app/users/u5", secret).expect(200).body().get("display_name").asText())
                    .isEqualTo("Before crash 5");
            assertThat(api.get("/api/v1/app/users/u200", secret).expect(200).body().get("display_name").asText())
                    .isEqualTo("From file 200");
            api.get("/api/v1/app/users/u180", secret).expect(404);

            // The imported graph decides: u200 is followed by u0, so u200's message lands in u0's inbox.
            String u0 = api.post("/api/v1/app/users/u0/tokens", secret, Map.of()).expect(201).body().get("token").asText();
            String u200 = api.post("/api/v1/app/users/u200/tokens", secret, Map.of()).expect(201).body().get("token").asText();
            String u0Id = api.get("/api/v1/app/users/u0", secret).body().get("id").asText();
            String dm = api.post("/api/v1/conversations", u200, Map.of("member_ids", List.of(u0Id))).body().get("id").asText();
            api.post("/api/v1/conversations/" + dm + "/messages", u200, Map.of("client_id", "x1", "text", "hi")).expect(201);
            assertThat(api.get("/api/v1/conversations?folder=inbox", u0).expect(200).raw()).contains(dm);

            // A second run finds everything done.
            assertThat(run(api.base(), secret, checkpoint, usersFile, edgesFile, 0))
                    .contains("users 0 taken, 0 refused; edges 0 taken, 0 refused");
        }
    }

    /** Edge batches overlap, but never across a change of kind: blocks after follows end those follows. */
    @Test
    void batchesOfOneKindOverlapButTheFilesOrderOfKindsHolds(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start()) {
            Api api = node.api;
            String secret = appSecret(node, "keeper_kinds", "kinds");
            List<String> users = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                users.add("{\"external_id\":\"k" + i + "\",\"display_name\":\"Kind " + i + "\"}");
            }
            List<String> edges = new ArrayList<>();
            for (int i = 1; i < 200; i++) {
                edges.add("{\"kind\":\"follows\",\"from\":\"k" + i + "\",\"to\":\"k0\"}");
            }
            // Then k0 blocks them all, the last followers first (they were in the last follows batch).
            for (int i = 199; i >= 1; i--) {
                edges.add("{\"kind\":\"blocks\",\"from\":\"k0\",\"to\":\"k" + i + "\"}");
            }
            String out = run(api.base(), secret, dir.resolve("kinds.checkpoint"),
                    Files.write(dir.resolve("users.jsonl"), users), Files.write(dir.resolve("edges.jsonl"), edges), 0);
            assertThat(out).contains("users 200 taken, 0 refused; edges 398 taken, 0 refused");
            String k0 = api.post("/api/v1/app/users/k0/tokens", secret, Map.of()).expect(201).body().get("token").asText();
            String k0Id = api.get("/api/v1/app/users/k0", secret).body().get("id").asText();
            assertThat(api.get("/api/v1/accounts/" + k0Id, k0).expect(200).body().get("followers_count").asLong()).isZero();
        }
    }

    /**
     * An operator's slips and a node that is down or refuses the secret: one line that says what to do, an exit
     * code a script can tell apart (1 run again, 2 fix the command, 3 fix the lines), never a stack trace; and
     * the secret comes from PARLEY_APP_SECRET, as a command-line secret shows in every local user's process list.
     */
    @Test
    void mistakesAndADownNodeAreOneLineAndAnExitCode(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path users = Files.write(dir.resolve("users.jsonl"), List.of("{\"external_id\":\"e1\",\"display_name\":\"Env\"}"));
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Outcome down = execute(Map.of("PARLEY_APP_SECRET", "whatever"), "--url", "http://127.0.0.1:" + closedPort, users.toString());
        assertThat(down.code).isEqualTo(ImportCommand.STOPPED);
        assertThat(down.err).contains("cannot reach the node at http://127.0.0.1:" + closedPort)
                .contains("run the same command again to resume").doesNotContain("\tat ").doesNotContain("Exception");

        Outcome noSecret = execute(Map.of(), "--url", "http://127.0.0.1:" + closedPort, users.toString());
        assertThat(noSecret.code).isEqualTo(ImportCommand.USAGE);
        assertThat(noSecret.err).contains("no app secret: set PARLEY_APP_SECRET");
        Outcome badUrl = execute(Map.of("PARLEY_APP_SECRET", "x"), "--url", "localhost:8080", users.toString());
        assertThat(badUrl.code).isEqualTo(ImportCommand.USAGE);
        assertThat(badUrl.err).contains("--url must be the node's http:// or https:// address");

        try (TestNode node = TestNode.start()) {
            Api api = node.api;
            String secret = appSecret(node, "keeper_env", "env");
            Outcome missing = execute(Map.of("PARLEY_APP_SECRET", secret), "--url", api.base(),
                    dir.resolve("nope.jsonl").toString());
            assertThat(missing.code).isEqualTo(ImportCommand.USAGE);
            assertThat(missing.err).contains("cannot read " + dir.resolve("nope.jsonl") + " (no such file)");

            Outcome wrong = execute(Map.of("PARLEY_APP_SECRET", secret + "x"), "--url", api.base(), users.toString());
            assertThat(wrong.code).isEqualTo(ImportCommand.STOPPED);
            assertThat(wrong.err).contains("the node refused the app's secret (401)").doesNotContain("\tat ");
            api.get("/api/v1/app/users/e1", secret).expect(404);

            Outcome fromEnv = execute(Map.of("PARLEY_APP_SECRET", secret), "--url", api.base() + "/", users.toString());
            assertThat(fromEnv.code).as(fromEnv.out + fromEnv.err).isZero();
            assertThat(fromEnv.err).as("no warning without --secret").isEmpty();
            assertThat(api.get("/api/v1/app/users/e1", secret).expect(200).body().get("display_name").asText()).isEqualTo("Env");

            Files.delete(dir.resolve("users.jsonl.checkpoint"));
            Outcome onTheLine = execute(Map.of(), "--url", api.base(), "--secret", secret, users.toString());
            assertThat(onTheLine.code).isZero();
            assertThat(onTheLine.err).contains("warning: --secret shows in the process list");
        }
    }

    /** A new app's secret, made by an administrator signed up as {@code admin}. */
    private static String appSecret(TestNode node, String admin, String app) {
        Api.Person root = node.api.signUp(admin);
        new JdbcAccountStore(node.node().database(), Clock.systemUTC()).setAdmin(root.id(), true);
        return node.api.post("/api/v1/admin/apps", root.token(), Map.of("name", app)).expect(201).body().get("secret").asText();
    }

    private record Outcome(int code, String out, String err) {}

    private static Outcome execute(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ImportCommand command = new ImportCommand();
        command.environment = env::get;
        int code = new CommandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    private static String run(String url, String secret, Path checkpoint, Path users, Path edges, int expectedCode) {
        Outcome o = execute(Map.of("PARLEY_APP_SECRET", secret), "--url", url, "--checkpoint", checkpoint.toString(),
                // Small edge batches, four at once: refusals in batches that overlap are each counted once.
                "--edges-per-call", "40", "--parallel", "4", users.toString(), edges.toString());
        assertThat(o.code).as(o.out + o.err).isEqualTo(expectedCode);
        return o.out;
    }
}
