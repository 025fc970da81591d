package dev.parley.http;

import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * What operators and tools read on the public port: health, readiness and the OpenAPI document.
 * (Prometheus metrics are served on a listener of their own: see {@code metrics.MetricsServer}.)
 */
public final class OpsRoutes implements Routes {
    private final String openApi;

    public OpsRoutes() {
        this.openApi = loadOpenApi();
    }

    @Override
    public void register(RoutesConfig r) {
        r.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
        r.get("/readyz", ctx -> ctx.json(Map.of("status", "ready")));
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
