package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.LongStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The bench's own pieces for issues 17, 18 and 22: push decryption, marked texts, upload files, medians. */
@Tag("store-free")
class BenchPiecesTest {
    private static final String RFC_BODY = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27ml"
            + "mlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQe"
            + "xSgSxsj_Qulcy4a-fN";

    private static byte[] b64(String s) {
        return Base64.getUrlDecoder().decode(s);
    }

    private static PushKeys rfcReceiver(String auth) throws GeneralSecurityException {
        return new PushKeys(b64("q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94"),
                b64("BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4"), b64(auth));
    }

    /** RFC 8291 Appendix A from the user agent's side: the receiver reads the example's push. */
    @Test
    void thePushReceiverDecryptsTheRfcExample() throws Exception {
        byte[] plain = rfcReceiver("BTBZMqHH6r4Tts7J_aSIgg").decrypt(b64(RFC_BODY));
        assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo("When I grow up, I want to be a watermelon");
    }

    @Test
    void aPushForAnotherSubscriptionDoesNotDecrypt() throws Exception {
        PushKeys otherAuth = rfcReceiver("AAAAAAAAAAAAAAAAAAAAAA");
        assertThatThrownBy(() -> otherAuth.decrypt(b64(RFC_BODY))).isInstanceOf(GeneralSecurityException.class);
        PushKeys fresh = new PushKeys();
        assertThatThrownBy(() -> fresh.decrypt(b64(RFC_BODY))).isInstanceOf(GeneralSecurityException.class);
        assertThat(b64(fresh.p256dh())).hasSize(65).startsWith(4);
        assertThat(b64(fresh.auth())).hasSize(16);
    }

    private static LoadRun run(int size) {
        Population none = new Population(List.of(), List.of());
        return new LoadRun(new Http("http://127.0.0.1:1"), new Http("http://127.0.0.1:1"), none,
                new LoadRun.Options(0, 1, 0, 0, size, 1, true), System.err);
    }

    /** A push carries the message's text back; the due time read from it is the one it was sent with. */
    @Test
    void aMarkedTextCarriesItsDueTimeAndKeepsTheMessageSize() {
        LoadRun r = run(100);
        long due = System.nanoTime() + 1_234_567;
        String text = r.markedText(due);
        assertThat(text).hasSize(100);
        assertThat(r.dueOfText(text)).isEqualTo(due);
        assertThat(r.dueOfText("x".repeat(100))).isEqualTo(-1);
        assertThat(run(100).dueOfText(text)).as("another run's text").isEqualTo(-1);
        LoadRun small = run(5);
        assertThat(small.dueOfText(small.markedText(due))).as("a size smaller than the mark").isEqualTo(due);
    }

    @Test
    void theUploadedPhotoIsAPngOfAboutOneMegabyteAndEveryFourthFileIsText() throws Exception {
        byte[] png = UploadFiles.PNG.bytes();
        assertThat(png.length).isBetween(900_000, 1_200_000);
        BufferedImage im = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(im.getWidth()).isEqualTo(720);
        assertThat(im.getHeight()).isEqualTo(540);
        assertThat(UploadFiles.TEXT.bytes()).hasSize(1 << 20);
        assertThat(new String(Arrays.copyOf(UploadFiles.TEXT.bytes(), 20), StandardCharsets.US_ASCII)).startsWith("Parley");
        assertThat(LongStream.range(0, 400).filter(n -> UploadFiles.pick(n) == UploadFiles.TEXT).count()).isEqualTo(100);
    }

    @Test
    void mediansAndRanges() {
        assertThat(Summary.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(Summary.median(List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(2.5);
        assertThat(Summary.median(List.of(Double.NaN, 5.0))).isEqualTo(5.0);
        assertThat(Summary.median(List.of())).isNaN();
        assertThat(Summary.medianRange(List.of(9000.0, 11000.0, 10000.0), "%,.0f")).isEqualTo("10,000 (9,000–11,000)");
        assertThat(Summary.medianRange(List.of(7.25), "%.1f")).isEqualTo("7.3");
        assertThat(Summary.medianRange(List.of(), "%.1f")).isEqualTo("–");
    }

    private static JsonNode report(double msgs, double p99, Double pushes) {
        var o = Http.JSON.createObjectNode().put("messages_per_second", msgs).put("errors", 0);
        o.putObject("latency_ms").put("p50", 1.0).put("p99", p99);
        if (pushes != null) {
            o.putObject("push").put("pushes_per_second", pushes);
        }
        return o;
    }

    /** Side by side: medians with ranges, figures no run has left out, msg/s set against the first side. */
    @Test
    void theComparisonTableShowsMediansSideBySide() {
        String t = Summary.table(List.of("push off", "push on"), List.of(
                List.of(report(10_000, 20, null), report(12_000, 30, null), report(8_000, 25, null)),
                List.of(report(9_000, 40, 500.0), report(9_500, 35, 700.0), report(8_500, 45, 600.0))));
        assertThat(t).contains("push off").contains("push on");
        assertThat(t).containsPattern("msg/s +10,000 \\(8,000–12,000\\) +9,000 \\(8,500–9,500\\)");
        assertThat(t).containsPattern("p99 ms +25.0 \\(20.0–30.0\\) +40.0 \\(35.0–45.0\\)");
        assertThat(t).containsPattern("pushes/s +– +600 \\(500–700\\)");
        assertThat(t).containsPattern("msg/s ratio +1.000 +0.900");
        assertThat(t).doesNotContain("upload");
    }

    /** {@code --compare-auth app-token}: a password side against an app-token side, the rest alike; nonsense refused. */
    @Test
    void compareAuthSetsPasswordAccountsAgainstTheModeAndRefusesAnyOther() {
        BenchCommand cmd = new BenchCommand();
        cmd.auth = "password";
        cmd.compareAuth = "app-token";
        assertThat(Comparison.sides(cmd)).extracting(Comparison.Side::label, Comparison.Side::auth)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("password", "password"),
                        org.assertj.core.groups.Tuple.tuple("app-token", "app-token"));
        cmd.compareAuth = "password";
        assertThatThrownBy(() -> Comparison.sides(cmd)).hasMessageContaining("app-token or jwt");
        cmd.compareAuth = "jwt";
        cmd.comparePush = true;
        assertThatThrownBy(() -> Comparison.sides(cmd)).hasMessageContaining("one of");
    }

    /** A run second in its round is slower on this VM whatever it runs, so each side is first in half the rounds. */
    @Test
    void comparedSidesTakeTheFirstTurnInTurn() {
        assertThat(Comparison.order(1, 2)).containsExactly(0, 1);
        assertThat(Comparison.order(2, 2)).containsExactly(1, 0);
        assertThat(Comparison.order(3, 2)).containsExactly(0, 1);
    }

    /** The usual first try, {@code bench} with no node running: one line that says what to do, no stack trace. */
    @Test
    void benchWithNoNodeSaysToStartOneOrSpawn() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again below: nothing listens there
        }
        Said said = bench("--url", "http://127.0.0.1:" + port);
        assertThat(said.code()).isEqualTo(1);
        assertThat(said.err().strip().lines()).containsExactly("parley bench: no node answers at http://127.0.0.1:" + port
                + "; start one (java -jar target/parley.jar serve, with PARLEY_RATE_LIMITS=off) or add --spawn to let "
                + "the bench start its own");
    }

    /** A run that could measure nothing (no measured second, no sender) is refused before a node is asked, exit 2. */
    @Test
    void optionsThatMeasureNothingAreRefused() {
        Said none = bench("--duration", "0", "--url", "http://127.0.0.1:9");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err().strip()).isEqualTo("parley bench: --duration is at least 1 second and --warmup at least 0 (got 0 and 3)");
        Said noSenders = bench("--conversations", "0", "--url", "http://127.0.0.1:9");
        assertThat(noSenders.code()).isEqualTo(2);
        assertThat(noSenders.err()).contains("--conversations and --size at least 1");
    }

    private record Said(int code, String err) {}

    /** The bench's exit code and what it wrote to standard error (where it talks to the operator). */
    private static Said bench(String... args) {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream before = System.err;
        System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = new picocli.CommandLine(new BenchCommand()).execute(args);
            return new Said(code, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(before);
        }
    }

    /** A node started as the README's first lines say (rate limits on): one line that says how to run it, no stack trace. */
    @Test
    void benchAgainstANodeWithRateLimitsOnSaysToTurnThemOff(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        com.sun.net.httpserver.HttpServer node = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        node.createContext("/", exchange -> {
            boolean health = exchange.getRequestURI().getPath().equals("/healthz");
            byte[] body = (health ? "{\"status\":\"ok\"}" : "{\"status\":429,\"code\":\"rate_limited\",\"retry_after\":172}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", health ? "application/json" : "application/problem+json");
            exchange.sendResponseHeaders(health ? 200 : 429, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        node.start();
        String url = "http://127.0.0.1:" + node.getAddress().getPort();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream before = System.err;
        int code;
        System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            code = new picocli.CommandLine(new BenchCommand()).execute("--url", url,
                    "--state", dir.resolve("state.json").toString());
        } finally {
            System.setErr(before);
            node.stop(0);
        }
        String said = err.toString(StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(1);
        assertThat(said).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(said.strip().lines().reduce((a, b) -> b)).contains("parley bench: " + url
                + " answered 429 rate_limited: its rate limits are on. Start it with PARLEY_RATE_LIMITS=off, or add "
                + "--spawn to let the bench start its own");
    }
}
