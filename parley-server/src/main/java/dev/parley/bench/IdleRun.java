package dev.parley.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Idle authenticated sockets and what each costs the server: resident memory and heap before and
 * after, divided by the sockets opened. A process may hold only 20,000 open files here, so the
 * sockets are spread over several bench processes: this one and children it starts from the same
 * jar, each told how many to open.
 */
final class IdleRun {
    record Result(int opened, ServerStats before, ServerStats after) {
        double bytesPerSocket() {
            return (after.residentBytes() - before.residentBytes()) / opened;
        }

        double heapPerSocket() {
            return (after.heapBytes() - before.heapBytes()) / opened;
        }
    }

    private IdleRun() {}

    static Result run(Http http, List<String> tokens, int count, int processes, int holdSeconds, PrintStream log)
            throws Exception {
        ServerStats before = ServerStats.read(http);
        int perProcess = (count + processes - 1) / processes;
        List<Process> children = new ArrayList<>();
        Path tokenFile = Files.createTempFile("parley-bench-tokens", ".txt");
        Files.write(tokenFile, tokens);
        try {
            int mine = count - perProcess * (processes - 1);
            for (int p = 1; p < processes; p++) {
                children.add(startChild(http.base, tokenFile, perProcess));
            }
            List<Link> links = open(http, tokens, mine, log);
            int opened = links.size();
            for (Process child : children) {
                opened += awaitChild(child);
            }
            log.printf("%d idle sockets open; holding them %d s…%n", opened, holdSeconds);
            TimeUnit.SECONDS.sleep(holdSeconds);
            ServerStats after = ServerStats.read(http);
            links.forEach(Link::close);
            return new Result(opened, before, after);
        } finally {
            for (Process child : children) {
                child.getOutputStream().close(); // the child closes its sockets and exits
                if (!child.waitFor(30, TimeUnit.SECONDS)) {
                    child.destroyForcibly();
                }
            }
            Files.deleteIfExists(tokenFile);
        }
    }

    /** Opens sockets, at most 200 handshakes at a time, tokens taken in turn. */
    static List<Link> open(Http http, List<String> tokens, int count, PrintStream log) throws InterruptedException {
        HttpClient[] clients = Link.clients(4);
        Semaphore inFlight = new Semaphore(200);
        List<CompletableFuture<Link>> all = new ArrayList<>();
        AtomicInteger failed = new AtomicInteger();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            all.add(Link.open(clients[i % clients.length], http.wsUrl(), tokens.get(i % tokens.size()), f -> {})
                    .whenComplete((l, e) -> {
                        inFlight.release();
                        if (e != null && failed.getAndIncrement() == 0) {
                            log.println("a socket failed to open: " + e.getMessage());
                        }
                    }));
        }
        List<Link> links = new ArrayList<>();
        for (CompletableFuture<Link> f : all) {
            try {
                links.add(f.join());
            } catch (RuntimeException e) {
                // counted above
            }
        }
        return links;
    }

    private static Process startChild(String url, Path tokens, int count) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = List.of(java, "-Xss256k", "-cp", System.getProperty("java.class.path"), "dev.parley.Main",
                "bench", "--url", url, "--idle-child", String.valueOf(count), "--idle-tokens", tokens.toString());
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static int awaitChild(Process child) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = r.readLine()) != null; ) {
            if (line.startsWith("OPEN ")) {
                return Integer.parseInt(line.substring(5).trim());
            }
        }
        throw new IOException("a bench child process ended before opening its sockets");
    }

    /** The child's side: open the sockets, say how many, hold them until the parent closes stdin. */
    static int child(Http http, Path tokenFile, int count) throws Exception {
        List<String> tokens = Files.readAllLines(tokenFile);
        List<Link> links = open(http, tokens, count, System.err);
        System.out.println("OPEN " + links.size());
        System.out.flush();
        while (System.in.read() >= 0) {
            // hold the sockets until the parent is done measuring
        }
        links.forEach(Link::close);
        return 0;
    }
}
