package dev.parley.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A node the bench starts itself ({@code --spawn}): the same jar in a JVM of its own, on a free
 * loopback port, with rate limits off and the rest of its settings from the environment (so
 * {@code PARLEY_DATABASE_URL} benches PostgreSQL). Its CPU and memory are then its own.
 */
final class Spawned implements AutoCloseable {
    static final int START_SECONDS = 180;
    private final Process process;
    final String url;
    final String metricsUrl;

    private Spawned(Process process, String url, String metricsUrl) {
        this.process = process;
        this.url = url;
        this.metricsUrl = metricsUrl;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** @param env settings for the node beyond the bench's own (the app JWT settings of {@code --auth jwt}) */
    static Spawned start(Path dataDir, Path log, java.util.Map<String, String> env) throws IOException, InterruptedException {
        return start(dataDir, log, env, System.getProperty("java.class.path"));
    }

    /**
     * @param classpath the node's code: this bench's own, or another jar ({@code --compare JAR})
     *
     * The ports are free when chosen, but something else may take one before the node binds it (another
     * bench spawning beside this one): the node then exits saying so, and is started again on new ports.
     */
    static Spawned start(Path dataDir, Path log, java.util.Map<String, String> env, String classpath)
            throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(dataDir, log, env, classpath);
            } catch (PortTaken e) {
                if (attempt == 3) {
                    throw new IOException("the node could not get a free port in 3 tries; see " + log.toAbsolutePath());
                }
            }
        }
    }

    /** The node lost its port to another program between the choice and its start. */
    private static final class PortTaken extends IOException {}

    private static Spawned startOnce(Path dataDir, Path log, java.util.Map<String, String> env, String classpath)
            throws IOException, InterruptedException {
        int port = freePort();
        int metricsPort = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        // Launched as the README says (MemoryBounds.FLAGS), so what the bench reports is what a node run that way pays.
        List<String> cmd = new java.util.ArrayList<>(List.of(java));
        cmd.addAll(dev.parley.lifecycle.MemoryBounds.FLAGS);
        cmd.addAll(List.of("-cp", classpath, "dev.parley.Main", "serve"));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        pb.environment().put("PARLEY_PORT", String.valueOf(port));
        pb.environment().put("PARLEY_HOST", "127.0.0.1");
        // The bench reads the node's CPU and memory from /metrics, served apart from the public port.
        pb.environment().put("PARLEY_METRICS_HOST", "127.0.0.1");
        pb.environment().put("PARLEY_METRICS_PORT", String.valueOf(metricsPort));
        pb.environment().put("PARLEY_RATE_LIMITS", "off");
        pb.environment().putIfAbsent("PARLEY_DATA_DIR", dataDir.toString());
        pb.environment().putAll(env);
        Spawned s = new Spawned(pb.start(), "http://127.0.0.1:" + port,
                "http://127.0.0.1:" + metricsPort + "/metrics");
        Http http = new Http(s.url);
        // A fresh store's migrations on a busy 2-core machine have taken over a minute.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!s.process.isAlive()) {
                if (Files.readString(log).contains("already in use")) {
                    throw new PortTaken();
                }
                throw new IOException("the node exited; see " + log.toAbsolutePath());
            }
            try {
                // Another program on that port would answer too: only this node's own log line says it is ours.
                if (http.call("GET", "/healthz", null, null).status() == 200 && servingOn(log, port)) {
                    return s;
                }
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        s.close();
        throw new IOException("the node did not start within " + START_SECONDS + " s; see " + log.toAbsolutePath());
    }

    /** The node's "Parley serving on http://127.0.0.1:PORT" line (Main.Serve), written once it listens. */
    private static boolean servingOn(Path log, int port) throws IOException {
        return Files.readString(log).contains("serving on http://127.0.0.1:" + port + " ");
    }

    @Override
    public void close() {
        process.destroy(); // a graceful stop: the node drains its sockets and closes its store
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
