package dev.parley.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.http.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code parley import}: streams an app's users and graph into a running node through the app API
 * (a second process must never write a node's SQLite file: the node keeps counters in memory).
 * Memory stays constant (one batch at a time); after each accepted batch the lines done are
 * written to a checkpoint file, so a run that dies resumes where it stopped. A row the node
 * refuses is left out (the problem names its index) and the rest of its batch is sent again.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import an app's users (JSON lines: external_id, display_name, ...) and edges "
                + "(JSON lines: kind follows|likes|blocks, from, to) through the app API.")
public final class ImportCommand implements Callable<Integer> {
    private static final int USER_BATCH = AppUsers.BATCH_MAX;
    private static final int EDGE_BATCH = AppGraph.MAX_EDGES;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--url", required = true, description = "the node, e.g. http://localhost:8080")
    String url;

    @Option(names = "--secret", required = true, description = "the app's secret")
    String secret;

    @Option(names = "--checkpoint", description = "where progress is kept (default: USERS.checkpoint)")
    Path checkpoint;

    @Parameters(index = "0", description = "users, one JSON object a line")
    Path users;

    @Parameters(index = "1", arity = "0..1", description = "edges, one JSON object a line")
    Path edges;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, Integer> reasons = new LinkedHashMap<>();
    private final Properties done = new Properties();
    private PrintWriter out;

    private record Row(long line, JsonNode value) {}

    /** Taken and refused rows of one file. */
    private static final class Tally {
        long taken;
        long refused;
    }

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        Path cp = checkpoint != null ? checkpoint : users.resolveSibling(users.getFileName() + ".checkpoint");
        if (Files.exists(cp)) {
            try (var r = Files.newBufferedReader(cp)) {
                done.load(r);
            }
            out.println("resuming from " + cp + ": users line " + done.getProperty("users", "0")
                    + ", edges line " + done.getProperty("edges", "0"));
        }
        long started = System.nanoTime();
        Tally u = run("users", users, USER_BATCH, cp);
        Tally e = edges == null ? new Tally() : run("edges", edges, EDGE_BATCH, cp);
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        out.printf("done in %.1f s: users %d taken, %d refused; edges %d taken, %d refused (%.0f rows/s)%n", seconds,
                u.taken, u.refused, e.taken, e.refused, (u.taken + e.taken) / seconds);
        reasons.forEach((why, n) -> out.println("  refused " + n + ": " + why));
        return 0;
    }

    private Tally run(String what, Path file, int batchSize, Path cp) throws IOException, InterruptedException {
        long skip = Long.parseLong(done.getProperty(what, "0"));
        Tally tally = new Tally();
        List<Row> batch = new ArrayList<>(batchSize);
        String kind = null;
        long line = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String text; (text = in.readLine()) != null; ) {
                line++;
                if (line <= skip || text.isBlank()) {
                    continue;
                }
                JsonNode value;
                try {
                    value = Json.MAPPER.readTree(text);
                } catch (IOException notJson) {
                    refuse(tally, "line is not JSON");
                    continue;
                }
                String rowKind = "edges".equals(what) ? value.path("kind").asText("follows") : "users";
                if (!batch.isEmpty() && (batch.size() == batchSize || !rowKind.equals(kind))) {
                    send(what, kind, batch, tally);
                    saveProgress(cp, what, batch.get(batch.size() - 1).line());
                    batch.clear();
                }
                kind = rowKind;
                batch.add(new Row(line, value));
            }
        }
        if (!batch.isEmpty()) {
            send(what, kind, batch, tally);
        }
        saveProgress(cp, what, line);
        return tally;
    }

    /** Sends one batch; a refused row is taken out and the rest sent again. */
    private void send(String what, String kind, List<Row> rows, Tally tally) throws IOException, InterruptedException {
        List<Row> left = new ArrayList<>(rows);
        while (!left.isEmpty()) {
            ObjectNode body = Json.MAPPER.createObjectNode();
            ArrayNode items = body.putArray("edges".equals(what) ? "edges" : "users");
            left.forEach(r -> items.add(r.value()));
            String path = "edges".equals(what) ? "/api/v1/app/graph/" + kind : "/api/v1/app/users/batch";
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(url + path))
                    .timeout(Duration.ofSeconds(120))
                    .header("Authorization", "Bearer " + secret).header("Content-Type", "application/json")
                    .method("edges".equals(what) ? "PUT" : "POST", HttpRequest.BodyPublishers.ofString(body.toString()))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() == 200) {
                tally.taken += left.size();
                progress(what, tally);
                return;
            }
            if (res.statusCode() >= 500 || res.statusCode() == 401 || res.statusCode() == 429) {
                throw new IOException(what + ": the node answered " + res.statusCode() + " " + res.body()
                        + " (progress is saved; run the same command again to resume)");
            }
            JsonNode problem = Json.MAPPER.readTree(res.body());
            String why = problem.path("code").asText("refused") + ": "
                    + problem.path("detail").asText("").replaceFirst("^\\w+\\[\\d+\\]: ", "");
            if (problem.has("index") && problem.get("index").asInt() < left.size()) {
                left.remove(problem.get("index").asInt());
                refuse(tally, why);
            } else {
                left.forEach(r -> refuse(tally, why));
                return;
            }
        }
    }

    private void refuse(Tally tally, String why) {
        tally.refused++;
        if (reasons.size() < 50 || reasons.containsKey(why)) {
            reasons.merge(why, 1, Integer::sum);
        }
    }

    private long lastProgress;

    private void progress(String what, Tally tally) {
        long now = System.nanoTime();
        if (now - lastProgress > 2_000_000_000L) {
            lastProgress = now;
            out.println(what + ": " + tally.taken + " taken, " + tally.refused + " refused");
        }
    }

    /** Written to a temporary file and moved over the old one: a crash leaves one or the other whole. */
    private void saveProgress(Path cp, String what, long line) throws IOException {
        done.setProperty(what, Long.toString(line));
        Path tmp = cp.resolveSibling(cp.getFileName() + ".tmp");
        try (var w = Files.newBufferedWriter(tmp)) {
            done.store(w, "parley import: lines done per file");
        }
        Files.move(tmp, cp, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
