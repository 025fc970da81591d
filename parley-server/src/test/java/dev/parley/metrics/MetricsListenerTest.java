package dev.parley.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.TestNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /metrics lives on its own listener, and names businesses only when the operator asks. */
class MetricsListenerTest {

    /** A business with a customer's request this week: what the per-business gauges would report. */
    private static String activeBusiness(Api api) throws InterruptedException {
        Person owner = api.signUp("owner");
        Person customer = api.signUp("carla");
        String shop = api.post("/api/v1/businesses", owner.token(), Map.of("handle", "shop", "display_name", "Shop"))
                .expect(201).body().at("/business/id").asText();
        api.put("/api/v1/accounts/" + shop + "/like", customer.token()).expect(200);
        String c = api.open(customer, new Person(shop, "shop", null));
        api.send(customer, c, "Do you ship to Lyon?").expect(201);
        // The inbox takes the conversation in after the commit; the gauges count from the inbox.
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (api.get("/api/v1/businesses/" + shop + "/inbox", owner.token()).expect(200).body().get("items").isEmpty()) {
            assertThat(System.nanoTime()).as("the inbox took the conversation in").isLessThan(deadline);
            Thread.sleep(50);
        }
        return shop;
    }

    private static Api metricsOf(TestNode node) {
        return new Api("http://127.0.0.1:" + node.node().metricsPort().getAsInt());
    }

    @Test
    void thePublicPortHasNoMetricsAndTheMetricsListenerNamesNoBusinessByDefault() throws Exception {
        try (TestNode node = TestNode.start(Map.of("inbox.triage", "off"))) {
            String shop = activeBusiness(node.api);

            Api.Res pub = node.api.get("/metrics", null);
            assertThat(pub.status()).isEqualTo(404);
            assertThat(pub.code()).isEqualTo("not_found");
            assertThat(pub.raw()).doesNotContain("parley_");

            String scrape = metricsOf(node).get("/metrics", null).expect(200).raw();
            // Cumulative CPU is a counter with its _total, and each of Parley's own series says what it is.
            assertThat(scrape).contains("# TYPE parley_process_cpu_seconds_total counter")
                    .contains("\nparley_process_cpu_seconds_total ").doesNotContain("\nparley_process_cpu_seconds ");
            assertThat(scrape.lines().filter(l -> l.startsWith("# HELP parley_")))
                    .isNotEmpty().allSatisfy(l -> assertThat(l.strip().split(" ")).as(l).hasSizeGreaterThan(3));
            assertThat(scrape).contains("parley_open_sockets")
                    .contains("parley_image_paused_seconds_total"); // photos waiting for a busy node (issue 18)
            assertThat(scrape).doesNotContain("parley_business_").doesNotContain(shop);
            assertThat(metricsOf(node).get("/api/v1/rules", null).status()).as("only /metrics is served there")
                    .isEqualTo(404);
        }
    }

    /** Operators read sends per commit from two counters (issue 22: what a flush is shared by). */
    @Test
    void theSendWritersBatchesAreCounted() throws Exception {
        try (TestNode node = TestNode.start(Map.of("inbox.triage", "off"))) {
            Person ann = node.api.signUp("ann");
            Person bob = node.api.signUp("bob");
            node.api.befriend(ann, bob);
            String c = node.api.open(ann, bob);
            for (int i = 0; i < 3; i++) {
                node.api.send(ann, c, "hello " + i).expect(201);
            }
            String scrape = metricsOf(node).get("/metrics", null).expect(200).raw();
            assertThat(counter(scrape, "parley_write_batch_sends_total")).as("sends committed").isEqualTo(3.0);
            assertThat(counter(scrape, "parley_write_batches_total")).as("commits that held them").isBetween(1.0, 3.0);
        }
    }

    private static double counter(String scrape, String name) {
        return scrape.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.split(" ")[1]))
                .findFirst().orElseThrow(() -> new AssertionError(name + " is not scraped"));
    }

    @Test
    void perBusinessSeriesAppearOnlyWhenAskedFor() throws Exception {
        try (TestNode node = TestNode.start(Map.of("inbox.triage", "off", "metrics.per_business", "on"))) {
            String shop = activeBusiness(node.api);
            assertThat(metricsOf(node).get("/metrics", null).expect(200).raw())
                    .contains("parley_business_requests_7d{business=\"" + shop + "\"} 1.0");
        }
    }

    @Test
    void theListenerCanBeTurnedOff() {
        try (TestNode node = TestNode.start(Map.of("metrics.port", "off"))) {
            assertThat(node.node().metricsPort()).isEmpty();
            assertThat(node.api.get("/metrics", null).status()).isEqualTo(404);
        }
    }
}
