package dev.parley.http;

import io.javalin.config.RoutesConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** What operators and tools read: health, readiness, Prometheus metrics and the OpenAPI document. */
public final class OpsRoutes implements Routes {
    private final PrometheusMeterRegistry metrics;
    private final String openApi;
    private final Runnable beforeScrape;

    public OpsRoutes(PrometheusMeterRegistry metrics) {
        this(metrics, () -> {});
    }

    /** @param beforeScrape brings gauges that are worked out on demand up to date */
    public OpsRoutes(PrometheusMeterRegistry metrics, Runnable beforeScrape) {
        this.metrics = metrics;
        this.openApi = loadOpenApi();
        this.beforeScrape = beforeScrape;
    }

    @Override
    public void register(RoutesConfig r) {
        r.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
        r.get("/readyz", ctx -> ctx.json(Map.of("status", "ready")));
        r.get("/metrics", ctx -> {
            beforeScrape.run();
            ctx.contentType("text/plain; version=0.0.4").result(metrics.scrape());
        });
        r.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
    }

    /** The hand-kept OpenAPI document (YAML in the jar), served as JSON. */
    static String loadOpenApi() {
        try (InputStream in = OpsRoutes.class.getResourceAsStream("/openapi.yaml")) {
            if (in == null) {
                return "{}";
            }
            Object doc = new com.fasterxml.jackson.databind.ObjectMapper(
                    new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readValue(in, Object.class);
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(doc);
        } catch (IOException e) {
            throw new IllegalStateException("openapi.yaml in the jar is not valid YAML", e);
        }
    }
}
