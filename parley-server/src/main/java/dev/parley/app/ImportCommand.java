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
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import dev.parley.lifecycle.Threads;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code parley import}: streams an app's users and graph into a running node through the app API
 * (a second process must never write a node's SQLite file: the node keeps counters in memory).
 * Memory stays constant (a few batches at a time); after each accepted batch the lines done are
 * written to a checkpoint file, so a run that dies resumes where it stopped. A row the node
 * refuses is left out (the problem names its index) and the rest of its batch is sent again.
 * Edge batches go {@code --parallel} at a time (an edge is idempotent, so a batch after the
 * checkpoint that had already landed lands again harmlessly); the checkpoint only moves past a
 * batch once every batch before it is done, and a change of kind (follows, then blocks) waits for
 * the batches before it, so the file's order between kinds holds. Users go one batch at a time:
 * the same id twice in a file must end with its later line.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import an app's users (JSON lines: external_id, display_name, ...) and edges "
                + "(JSON lines: kind follows|likes|blocks, from, to) through the app API. The app's secret "
                + "is read from PARLEY_APP_SECRET (or --secret-file): a --secret on the command line shows "
                + "in every local user's process list.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:every line was taken",
            "1:stopped before the end (node unreachable, secret refused, node error); progress is saved, "
                    + "run the same command again to resume",
            "2:a mistake in the command (an option, a file that cannot be read)",
            "3:done, but the node refused some lines (the reasons are listed)"})
public final class ImportCommand implements Callable<Integer> {
    private static final int USER_BATCH = AppUsers.BATCH_MAX;
    private static final int EDGE_BATCH = AppGraph.MAX_EDGES;
    static final int STOPPED = 1;
    static final int USAGE = 2;
    static final int SOME_REFUSED = 3;
    private static final java.util.Set<String> EDGE_KINDS = java.util.Set.of("follows", "likes", "blocks");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--url", required = true, description = "the node, e.g. http://localhost:8080")
    String url;

    @Option(names = "--secret", description = "the app's secret (prefer PARLEY_APP_SECRET or --secret-file: "
            + "the command line is visible to other local users)")
    String secret;

    @Option(names = "--secret-file", description = "a file holding the app's secret (its first line)")
    Path secretFile;

    @Option(names = "--checkpoint", description = "where progress is kept (default: USERS.checkpoint)")
    Path checkpoint;

    @Option(names = "--parallel", defaultValue = "4", description = "edge batches in flight at once (${DEFAULT-VALUE})")
    int parallel;

    @Option(names = "--edges-per-call", defaultValue = "1000", description = "edges a call, 1 to 1000 (${DEFAULT-VALUE})")
    int edgesPerCall;

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

    /** Where the secret comes from when no option names it; a test passes its own. */
    java.util.function.Function<String, String> environment = System::getenv;

    @Override
    public Integer call() throws InterruptedException {
        out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String problem = checkArguments();
        if (problem != null) {
            err.println("parley import: " + problem);
            return USAGE;
        }
        try {
            return importAll();
        } catch (NoSuchFileException | AccessDeniedException unreadable) {
            err.println("parley import: cannot read " + unreadable.getFile() + " (" + describe(unreadable) + ")");
            return USAGE;
        } catch (IOException stopped) {
            err.println("parley import: stopped: " + describe(stopped));
            err.println("Progress is saved; run the same command again to resume.");
            return STOPPED;
        }
    }

    /** What is wrong with the command as typed, before anything is sent; null for nothing. */
    private String checkArguments() {
        if (parallel < 1 || parallel > 16 || edgesPerCall < 1 || edgesPerCall > EDGE_BATCH) {
            return "--parallel is 1 to 16, --edges-per-call 1 to " + EDGE_BATCH;
        }
        URI node;
        try {
            node = URI.create(url);
        } catch (IllegalArgumentException e) {
            node = null;
        }
        if (node == null || node.getHost() == null || !("http".equals(node.getScheme()) || "https".equals(node.getScheme()))) {
            return "--url must be the node's http:// or https:// address, e.g. http://localhost:8080 (got " + url + ")";
        }
        url = url.replaceAll("/+$", "");
        if (secret == null && secretFile != null) {
            try {
                secret = Files.readAllLines(secretFile, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
            } catch (IOException e) {
                return "cannot read --secret-file " + secretFile + " (" + describe(e) + ")";
            }
        } else if (secret != null) {
            spec.commandLine().getErr().println("parley import: warning: --secret shows in the process list of "
                    + "every local user; prefer PARLEY_APP_SECRET or --secret-file");
        } else {
            secret = environment.apply("PARLEY_APP_SECRET");
        }
        if (secret == null || secret.isBlank()) {
            return "no app secret: set PARLEY_APP_SECRET, or pass --secret-file (or --secret)";
        }
        return null;
    }

    /** An exception's cause in words, never a stack trace: the operator's network or file, not Parley's code. */
    private String describe(IOException e) {
        if (e instanceof java.net.ConnectException) {
            return "cannot reach the node at " + url + " (connection refused: is it running, is --url right?)";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "the node at " + url + " did not answer in time";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private int importAll() throws IOException, InterruptedException {
        Path cp = checkpoint != null ? checkpoint : users.resolveSibling(users.getFileName() + ".checkpoint");
        if (Files.exists(cp)) {
            try (var r = Files.newBufferedReader(cp)) {
                done.load(r);
            }
            out.println("resuming from " + cp + ": users line " + done.getProperty("users", "0")
                    + ", edges line " + done.getProperty("edges", "0"));
        }
        long started = System.nanoTime();
        Tally u = run("users", users, USER_BATCH, 1, cp);
        Tally e;
        ExecutorService senders = Executors.newFixedThreadPool(parallel, Threads.daemon("parley-import"));
        try {
            e = edges == null ? new Tally() : run("edges", edges, edgesPerCall, parallel, cp, senders);
        } finally {
            senders.shutdownNow();
        }
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        out.printf("done in %.1f s: users %d taken, %d refused; edges %d taken, %d refused (%.0f rows/s)%n", seconds,
                u.taken, u.refused, e.taken, e.refused, (u.taken + e.taken) / seconds);
        reasons.forEach((why, n) -> out.println("  refused " + n + ": " + why));
        return u.refused + e.refused > 0 ? SOME_REFUSED : 0;
    }

    private Tally run(String what, Path file, int batchSize, int inFlight, Path cp) throws IOException, InterruptedException {
        return run(what, file, batchSize, inFlight, cp, Runnable::run);
    }

    /**
     * Reads the file in batches and sends up to {@code inFlight} at once through {@code senders};
     * the checkpoint moves past a batch once it and every batch before it are done.
     */
    private Tally run(String what, Path file, int batchSize, int inFlight, Path cp, Executor senders)
            throws IOException, InterruptedException {
        long skip = Long.parseLong(done.getProperty(what, "0"));
        Tally tally = new Tally();
        List<Row> batch = new ArrayList<>(batchSize);
        ArrayDeque<Pending> pending = new ArrayDeque<>();
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
                if (!EDGE_KINDS.contains(rowKind) && !"users".equals(what)) {
                    refuse(tally, "kind must be follows, likes or blocks");
                    continue;
                }
                if (!batch.isEmpty() && (batch.size() == batchSize || !rowKind.equals(kind))) {
                    pending.add(submit(what, kind, batch, tally, senders));
                    batch = new ArrayList<>(batchSize);
                    // A change of kind waits for every batch of the kind before: the file's order holds.
                    finish(pending, rowKind.equals(kind) ? inFlight - 1 : 0, cp, what);
                }
                kind = rowKind;
                batch.add(new Row(line, value));
            }
        }
        if (!batch.isEmpty()) {
            pending.add(submit(what, kind, batch, tally, senders));
        }
        finish(pending, 0, cp, what);
        saveProgress(cp, what, line);
        return tally;
    }

    /** A batch on its way, and the last line it holds. */
    private record Pending(CompletableFuture<Void> sent, long lastLine) {}

    private Pending submit(String what, String kind, List<Row> rows, Tally tally, Executor senders) {
        CompletableFuture<Void> f = CompletableFuture.runAsync(() -> {
            try {
                send(what, kind, rows, tally);
            } catch (IOException e) {
                throw new CompletionException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
        }, senders);
        return new Pending(f, rows.get(rows.size() - 1).line());
    }

    /** Waits, oldest first, until at most {@code left} batches are on their way, saving progress past each. */
    private void finish(ArrayDeque<Pending> pending, int left, Path cp, String what) throws IOException, InterruptedException {
        while (pending.size() > left) {
            Pending p = pending.removeFirst();
            try {
                p.sent().get();
            } catch (ExecutionException e) {
                for (Pending later : pending) {
                    later.sent().handle((ok, x) -> null).join(); // let them land; the checkpoint stays before them
                }
                pending.clear();
                Throwable cause = e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
                throw cause instanceof IOException io ? io : new IOException(cause);
            }
            saveProgress(cp, what, p.lastLine());
        }
    }

    /** Sends one batch; a refused row is taken out and the rest sent again. */
    private void send(String what, String kind, List<Row> rows, Tally tally) throws IOException, InterruptedException {
        List<Row> left = new ArrayList<>(rows);
        while (!left.isEmpty()) {
            ObjectNode body = Json.MAPPER.createObjectNode();
            ArrayNode items = body.putArray("edges".equals(what) ? "edges" : "users");
            left.forEach(r -> items.add(r.value()));
            String path = "edges".equals(what) ? "/api/v1/app/graph/" + kind : "/api/v1/app/users/batch";
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + path))
                    .timeout(Duration.ofSeconds(120))
                    .header("Authorization", "Bearer " + secret).header("Content-Type", "application/json")
                    .method("edges".equals(what) ? "PUT" : "POST", HttpRequest.BodyPublishers.ofString(body.toString()))
                    .build();
            HttpResponse<String> res = sendPatiently(request);
            if (res.statusCode() == 200) {
                synchronized (this) {
                    tally.taken += left.size();
                    progress(what, tally);
                }
                return;
            }
            if (res.statusCode() == 401 || res.statusCode() == 403) {
                throw new IOException("the node refused the app's secret (" + res.statusCode()
                        + "): is it this app's current secret, and is the app not revoked?");
            }
            JsonNode problem = problemOf(res);
            if (res.statusCode() >= 500 || res.statusCode() == 429 || problem == null) {
                throw new IOException(what + ": the node at " + url + " answered " + res.statusCode()
                        + (problem == null ? " without a Parley problem (is --url the node itself?)"
                                : " " + problem.path("detail").asText(problem.path("title").asText(""))));
            }
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

    /**
     * Sends, and waits out a busy node: 429 and 503 are sent again after the Retry-After it names
     * (1 to 30 s), up to 10 times, before the import stops with its progress saved.
     */
    private HttpResponse<String> sendPatiently(HttpRequest request) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> res = http.send(request, HttpResponse.BodyHandlers.ofString());
            if ((res.statusCode() != 429 && res.statusCode() != 503) || attempt == 10) {
                return res;
            }
            long wait = res.headers().firstValue("Retry-After").map(v -> v.matches("\\d{1,6}") ? Long.parseLong(v) : 1L).orElse(1L);
            Thread.sleep(Math.max(1, Math.min(30, wait)) * 1000);
        }
    }

    /** The node's problem document, or null when the answer is not one (a proxy's page, the wrong server). */
    private static JsonNode problemOf(HttpResponse<String> res) {
        try {
            JsonNode body = Json.MAPPER.readTree(res.body());
            return body != null && body.has("code") ? body : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    private synchronized void refuse(Tally tally, String why) {
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
