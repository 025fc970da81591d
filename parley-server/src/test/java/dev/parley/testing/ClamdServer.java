package dev.parley.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;

/**
 * A private clamd for one test class, on a free loopback port, with a signature database the test
 * writes itself (the signature downloads are not reachable here): one {@code .ndb} line that
 * matches the EICAR test string.
 */
public final class ClamdServer implements AutoCloseable {
    /** The EICAR anti-virus test file: harmless, and every scanner's agreed test signature. */
    public static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";
    public static final String SIGNATURE = "Parley.Test.Eicar";
    private final Process process;
    private final Path dir;
    private final int port;

    private ClamdServer(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** Where clamd is installed, if it is (Debian's clamav-daemon puts it in /usr/sbin). */
    public static java.util.Optional<Path> binary() {
        for (String candidate : new String[] {"/usr/sbin/clamd", "/usr/bin/clamd", "/usr/local/sbin/clamd"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return java.util.Optional.of(Path.of(candidate));
            }
        }
        return java.util.Optional.empty();
    }

    public static ClamdServer start(Path clamd) {
        try {
            Path dir = Files.createTempDirectory("parley-clamd");
            Path db = Files.createDirectories(dir.resolve("db"));
            String hex = HexFormat.of().formatHex(EICAR.substring(0, 40).getBytes(StandardCharsets.US_ASCII));
            Files.writeString(db.resolve("parley-test.ndb"), SIGNATURE + ":0:*:" + hex + "\n");
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path conf = dir.resolve("clamd.conf");
            Files.writeString(conf, "Foreground yes\nTCPSocket " + port + "\nTCPAddr 127.0.0.1\nDatabaseDirectory " + db
                    + "\nLogFile " + dir.resolve("clamd.log") + "\n");
            Process p = new ProcessBuilder(clamd.toString(), "-c", conf.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("out.log").toFile()).start();
            ClamdServer server = new ClamdServer(p, dir, port);
            Eventually.await("clamd answers on port " + port, Duration.ofSeconds(60), server::answers);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start clamd", e);
        }
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    private boolean answers() {
        if (!process.isAlive()) {
            throw new IllegalStateException("clamd exited: see " + dir.resolve("out.log"));
        }
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.getOutputStream().write("zPING\0".getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).startsWith("PONG");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
