package dev.parley.metrics;

import dev.parley.config.Keys;
import dev.parley.config.Settings;
import dev.parley.lifecycle.Lifecycle;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The node's figures, wired: {@code /metrics} on a listener of its own (metrics.host:metrics.port),
 * never on the public port, or nowhere when metrics.port is off.
 */
public record MetricsModule(Optional<MetricsServer> server) {
    /** @param beforeScrape brings figures worked out at scrape time up to date */
    public static MetricsModule start(Settings settings, PrometheusMeterRegistry registry, Runnable beforeScrape,
                                      Lifecycle life) {
        if (settings.get(Keys.METRICS_PORT) < 0) {
            return new MetricsModule(Optional.empty());
        }
        MetricsServer server = MetricsServer.start(settings.get(Keys.METRICS_HOST), settings.get(Keys.METRICS_PORT),
                registry, beforeScrape);
        return new MetricsModule(Optional.of(life.own("metrics listener", server)));
    }

    public OptionalInt port() {
        return server.map(s -> OptionalInt.of(s.port())).orElse(OptionalInt.empty());
    }
}
