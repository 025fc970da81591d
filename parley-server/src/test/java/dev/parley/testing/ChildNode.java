package dev.parley.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A node in a JVM of its own ({@code parley serve} from the test classpath), so a test can
 * kill -9 it. It keeps its port and store across restarts.
 */
public final class ChildNode implements AutoCloseable {
    private final int port = RedisServer.freePort();
    private final Map<String, String> env;
    private final Path log;
    private Process process;
    public final Api api;

    /** @param env PARLEY_* settings (store, data dir…); port, host, hashing and rate limits are set here */
    public ChildNode(Map<String, String> env, Path log) {
        this.env = env;
        this.log = log;
        this.api = new Api("http://127.0.0.1:" + port);
    }

    public void start() {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), "dev.parley.Main", "serve"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        pb.environment().put("PARLEY_PORT", String.valueOf(port));
        pb.environment().put("PARLEY_HOST", "127.0.0.1");
        pb.environment().put("PARLEY_METRICS_PORT", "0"); // children side by side: each its own free metrics port
        pb.environment().put("PARLEY_PASSWORD_HASHING", "test");
        pb.environment().put("PARLEY_RATE_LIMITS", "off");
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitHealthy();
    }

    private void awaitHealthy() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Eventually.await("the node answers /healthz; see " + log, Duration.ofSeconds(60), () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the node exited with " + process.exitValue() + "; see " + log);
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create(api.base() + "/healthz"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    /** The last {@code lines} lines of the node's log, for a failure's message (the log's folder may not outlive the test). */
    public String logTail(int lines) {
        try {
            List<String> all = java.nio.file.Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log: " + e + ")";
        }
    }

    /**
     * What the node's threads are doing, for a failure's message: the stacks that pass through
     * Parley's code, alike ones counted together, the commonest first (from {@code jcmd Thread.print}).
     */
    public String threadsSummary(int groups) {
        if (process == null || !process.isAlive()) {
            return "(the node is not running)";
        }
        try {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
                    .redirectErrorStream(true).start();
            String dump = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            Map<String, Integer> stacks = new java.util.HashMap<>();
            for (String block : dump.split("\n\n")) {
                if (!block.contains("dev.parley")) {
                    continue;
                }
                List<String> frames = block.lines().filter(l -> l.startsWith("\tat ") || l.startsWith("\t- "))
                        .limit(30).toList(); // deep enough to pass a pool wait and reach its caller
                stacks.merge(String.join("\n", frames), 1, Integer::sum);
            }
            return stacks.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .limit(groups).map(e -> e.getValue() + " threads:\n" + e.getKey())
                    .collect(java.util.stream.Collectors.joining("\n\n"));
        } catch (IOException | RuntimeException e) {
            return "(no thread dump: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(no thread dump: interrupted)";
        }
    }

    /** kill -9: no shutdown hook, no graceful close, nothing flushed that was not already. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String wsUrl() {
        return "ws://127.0.0.1:" + port + "/api/v1/stream";
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
