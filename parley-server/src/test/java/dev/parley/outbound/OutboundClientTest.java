package dev.parley.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import dev.parley.http.ApiException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The guarded client against a real receiver on 127.0.0.1, and against a resolver that lies. */
@Tag("store-free")
class OutboundClientTest {
    HttpServer receiver;
    final AtomicInteger hits = new AtomicInteger();
    volatile String lastBody;

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            hits.incrementAndGet();
            lastBody = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.createContext("/big", ex -> {
            hits.incrementAndGet();
            byte[] page = new byte[100_000];
            ex.sendResponseHeaders(200, page.length);
            ex.getResponseBody().write(page);
            ex.close();
        });
        receiver.createContext("/moved", ex -> {
            hits.incrementAndGet();
            ex.getResponseHeaders().add("Location", "http://[::ffff:127.0.0.1]:" + port() + "/hook");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        receiver.createContext("/moved-home", ex -> {
            hits.incrementAndGet();
            ex.getResponseHeaders().add("Location", "http://localhost:" + port() + "/hook");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    int port() {
        return receiver.getAddress().getPort();
    }

    @Test
    void withPrivateAddressesAllowedAWebhookReachesTheLocalReceiver() throws Exception {
        try (OutboundClient client = new OutboundClient(true, Duration.ofSeconds(5), OutboundClient.Resolver.SYSTEM)) {
            OutboundClient.Response r = client.post("http://127.0.0.1:" + port() + "/hook",
                    Map.of("Content-Type", "application/json"), "{\"hi\":1}");
            assertThat(r.status()).isEqualTo(204);
            assertThat(lastBody).isEqualTo("{\"hi\":1}");
        }
    }

    @Test
    void byDefaultLoopbackIsRefusedBeforeAnyConnection() {
        try (OutboundClient client = new OutboundClient(false, Duration.ofSeconds(5), OutboundClient.Resolver.SYSTEM)) {
            assertThatThrownBy(() -> client.post("http://127.0.0.1:" + port() + "/hook", Map.of(), "x"))
                    .isInstanceOf(OutboundClient.Refused.class)
                    .satisfies(e -> assertThat(((OutboundClient.Refused) e).reason).isEqualTo("loopback"));
            assertThatThrownBy(() -> client.validate("http://127.0.0.1:" + port() + "/hook"))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.status()).isEqualTo(422);
                        assertThat(e.code()).isEqualTo("url_not_allowed");
                        assertThat(e.extra()).containsEntry("reason", "loopback");
                    });
        }
        assertThat(hits).hasValue(0);
    }

    @Test
    void shortFormsAreRefusedEvenWherePrivateAddressesAreAllowed() {
        try (OutboundClient client = new OutboundClient(true, Duration.ofSeconds(5), OutboundClient.Resolver.SYSTEM)) {
            for (String host : List.of("0177.0.0.1", "127.1", "2130706433", "0x7f.1", "[::127.0.0.1]", "[::ffff:127.0.0.1]")) {
                String url = "http://" + host + ":" + port() + "/hook";
                assertThatThrownBy(() -> client.validate(url)).as(url).isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.extra()).containsEntry("reason", "not_canonical"));
                assertThatThrownBy(() -> client.post(url, Map.of(), "x")).as(url).isInstanceOf(OutboundClient.Refused.class);
            }
        }
        assertThat(hits).hasValue(0);
    }

    @Test
    void aNameThatRebindsToAPrivateAddressIsNeverConnectedTo() throws Exception {
        Deque<InetAddress> answers = new ArrayDeque<>(List.of(InetAddress.getByName("93.184.216.34"),
                InetAddress.getByName("127.0.0.1")));
        AtomicInteger lookups = new AtomicInteger();
        OutboundClient.Resolver rebinding = host -> {
            lookups.incrementAndGet();
            InetAddress next = answers.size() > 1 ? answers.poll() : answers.peek();
            return List.of(next);
        };
        try (OutboundClient client = new OutboundClient(false, Duration.ofSeconds(5), rebinding)) {
            String url = "http://rebind.example:" + port() + "/hook";
            assertThat(client.validate(url).getHost()).isEqualTo("rebind.example"); // public at registration
            assertThatThrownBy(() -> client.post(url, Map.of(), "x"))
                    .isInstanceOfSatisfying(OutboundClient.Refused.class, e -> assertThat(e.reason).isEqualTo("not_public"));
        }
        assertThat(lookups).hasValue(2);
        assertThat(hits).as("the private receiver was never reached").hasValue(0);
    }

    @Test
    void aRefusalNamesTheHostButNeverTheAddressItResolvedTo() throws Exception {
        // Otherwise any signed-in person could ask the node's resolver about its network's names
        // (GET /link-preview?url=http://db.internal/) and read their private addresses in the answer.
        // Nor which kind of range it is in: "private" against "unresolvable" told which internal names exist.
        OutboundClient.Resolver internal = host -> {
            if (host.equals("db.internal") || host.equals("10.1.2.3")) { // a literal resolves to itself
                return List.of(InetAddress.getByName("10.1.2.3"));
            }
            throw new java.net.UnknownHostException(host);
        };
        try (OutboundClient client = new OutboundClient(false, Duration.ofSeconds(5), internal)) {
            ApiException existing = catchThrowableOfType(ApiException.class, () -> client.validate("http://db.internal/"));
            ApiException missing = catchThrowableOfType(ApiException.class, () -> client.validate("http://dc.internal/"));
            assertThat(existing.extra()).containsEntry("reason", "not_public");
            assertThat(existing.detail()).contains("db.internal").doesNotContain("10.1.2.3").doesNotContain("private address");
            assertThat(missing.extra()).isEqualTo(existing.extra());
            assertThat(missing.detail()).isEqualTo(existing.detail().replace("db.internal", "dc.internal"));
            assertThat(List.of(missing.status(), missing.code())).isEqualTo(List.of(existing.status(), existing.code()));
            // An address typed as such names its range: whoever typed it learns nothing new.
            assertThatThrownBy(() -> client.validate("http://10.1.2.3/")).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.extra()).containsEntry("reason", "private"));
            assertThatThrownBy(() -> client.post("http://db.internal/hook", Map.of(), "x"))
                    .isInstanceOf(OutboundClient.Refused.class)
                    .hasMessageContaining("db.internal").hasMessageNotContaining("10.1.2.3");
        }
    }

    @Test
    void oneForbiddenAddressAmongSeveralRefusesTheHost() throws Exception {
        OutboundClient.Resolver mixed = host -> List.of(InetAddress.getByName("93.184.216.34"),
                InetAddress.getByName("127.0.0.1"));
        try (OutboundClient client = new OutboundClient(false, Duration.ofSeconds(5), mixed)) {
            assertThatThrownBy(() -> client.post("http://mixed.example:" + port() + "/hook", Map.of(), "x"))
                    .isInstanceOf(OutboundClient.Refused.class);
        }
        assertThat(hits).hasValue(0);
    }

    @Test
    void answersAreCappedAndRedirectsNotFollowedUnlessAsked() throws Exception {
        try (OutboundClient client = new OutboundClient(true, Duration.ofSeconds(5), OutboundClient.Resolver.SYSTEM)) {
            assertThatThrownBy(() -> client.get("http://127.0.0.1:" + port() + "/big", 10_000))
                    .hasMessageContaining("over 10000 bytes");
            assertThat(client.get("http://127.0.0.1:" + port() + "/big", 200_000).body()).hasSize(100_000);

            assertThat(client.get("http://127.0.0.1:" + port() + "/moved", 1000).status()).isEqualTo(302);
            // Followed, the redirect's target is checked like any other: a mapped IPv6 form is not canonical.
            assertThatThrownBy(() -> client.get("http://127.0.0.1:" + port() + "/moved", 1000, true))
                    .isInstanceOf(OutboundClient.Refused.class);
            assertThat(client.get("http://127.0.0.1:" + port() + "/moved-home", 1000, true).status()).isEqualTo(204);
        }
    }

    @Test
    void aFollowedRedirectIsResolvedAndCheckedAgainForItsNewHost() throws Exception {
        // No allowed (public) host is reachable from a test, so the hop is shown in two halves: every
        // new host a redirect names goes through the client's own resolver, where the guard sits ...
        List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        OutboundClient.Resolver recording = host -> {
            asked.add(host);
            return OutboundClient.Resolver.SYSTEM.resolve(host);
        };
        try (OutboundClient client = new OutboundClient(true, Duration.ofSeconds(5), recording)) {
            assertThat(client.get("http://127.0.0.1:" + port() + "/moved-home", 1000, true).status()).isEqualTo(204);
        }
        assertThat(asked).containsExactly("127.0.0.1", "localhost");
        int reached = hits.get();
        // ... and with the default guard that resolver's loopback answer for the new host is refused,
        // before any connection to it.
        OutboundClient.Resolver publicThenLoopback = host -> List.of(InetAddress.getByName(
                host.equals("localhost") ? "127.0.0.1" : "93.184.216.34"));
        try (OutboundClient client = new OutboundClient(false, Duration.ofSeconds(5), publicThenLoopback)) {
            assertThat(client.validate("http://start.example/").getHost()).isEqualTo("start.example");
            assertThatThrownBy(() -> client.get("http://localhost:" + port() + "/hook", 1000, true))
                    .isInstanceOfSatisfying(OutboundClient.Refused.class, e -> assertThat(e.reason).isEqualTo("not_public"));
        }
        assertThat(hits).as("the guarded client never reached the receiver").hasValue(reached);
    }

    @Test
    void aSlowReceiverIsCutOff() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        receiver.createContext("/slow", ex -> {
            try {
                release.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        try (OutboundClient client = new OutboundClient(true, Duration.ofMillis(500), OutboundClient.Resolver.SYSTEM)) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> client.get("http://127.0.0.1:" + port() + "/slow", 1000))
                    .hasMessageContaining("no answer within 500 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        } finally {
            release.countDown();
        }
    }
}
