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
            Api.Person root = api.signUp("keeper_import");
            new JdbcAccountStore(node.node().database(), Clock.systemUTC()).setAdmin(root.id(), true);
            String secret = api.post("/api/v1/admin/apps", root.token(), Map.of("name", "bulk")).expect(201)
                    .body().get("secret").asText();

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

            String out = run(api.base(), secret, checkpoint, usersFile, edgesFile);
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
            assertThat(run(api.base(), secret, checkpoint, usersFile, edgesFile))
                    .contains("users 0 taken, 0 refused; edges 0 taken, 0 refused");
        }
    }

    /** Edge batches overlap, but never across a change of kind: blocks after follows end those follows. */
    @Test
    void batchesOfOneKindOverlapButTheFilesOrderOfKindsHolds(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start()) {
            Api api = node.api;
            Api.Person root = api.signUp("keeper_kinds");
            new JdbcAccountStore(node.node().database(), Clock.systemUTC()).setAdmin(root.id(), true);
            String secret = api.post("/api/v1/admin/apps", root.token(), Map.of("name", "kinds")).expect(201)
                    .body().get("secret").asText();
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
                    Files.write(dir.resolve("users.jsonl"), users), Files.write(dir.resolve("edges.jsonl"), edges));
            assertThat(out).contains("users 200 taken, 0 refused; edges 398 taken, 0 refused");
            String k0 = api.post("/api/v1/app/users/k0/tokens", secret, Map.of()).expect(201).body().get("token").asText();
            String k0Id = api.get("/api/v1/app/users/k0", secret).body().get("id").asText();
            assertThat(api.get("/api/v1/accounts/" + k0Id, k0).expect(200).body().get("followers_count").asLong()).isZero();
        }
    }

    private static String run(String url, String secret, Path checkpoint, Path users, Path edges) {
        StringWriter out = new StringWriter();
        int code = new CommandLine(new ImportCommand()).setOut(new PrintWriter(out, true)).execute("--url", url,
                "--secret", secret, "--checkpoint", checkpoint.toString(),
                // Small edge batches, four at once: refusals in batches that overlap are each counted once.
                "--edges-per-call", "40", "--parallel", "4", users.toString(), edges.toString());
        assertThat(code).as(out.toString()).isZero();
        return out.toString();
    }
}
