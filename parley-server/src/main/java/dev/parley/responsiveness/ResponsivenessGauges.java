package dev.parley.responsiveness;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live figures as Prometheus gauges, one series per business active in the last 7 days:
 * {@code parley_business_response_rate}, {@code parley_business_first_response_p50_seconds},
 * {@code parley_business_requests_7d} and {@code parley_business_very_responsive} (1 or 0).
 *
 * @implNote Worked out when /metrics is scraped, at most every {@link #MIN_INTERVAL_NANOS}, not on
 * a timer: a node nobody scrapes does no work for them, and a scrape always sees fresh figures.
 */
public final class ResponsivenessGauges {
    private static final Logger LOG = LoggerFactory.getLogger(ResponsivenessGauges.class);
    private static final long MIN_INTERVAL_NANOS = 10_000_000_000L;

    private final ResponsivenessService service;
    private final MultiGauge rate;
    private final MultiGauge p50;
    private final MultiGauge requests;
    private final MultiGauge badge;
    private long lastRefresh;
    private boolean refreshed;

    public ResponsivenessGauges(ResponsivenessService service, MeterRegistry registry) {
        this.service = service;
        this.rate = gauge(registry, "parley_business_response_rate",
                "Share of the last 7 days' customer requests a person answered within 24 open hours");
        this.p50 = gauge(registry, "parley_business_first_response_p50_seconds",
                "Median first response by a person over the last 7 days, counting open hours only");
        this.requests = gauge(registry, "parley_business_requests_7d",
                "Customer requests started in the last 7 days (spam and blocked left out)");
        this.badge = gauge(registry, "parley_business_very_responsive",
                "1 while the business earns the Very responsive badge");
    }

    private static MultiGauge gauge(MeterRegistry registry, String name, String description) {
        return MultiGauge.builder(name).description(description).register(registry);
    }

    /** Recomputes the figures unless that was done moments ago; called before each scrape. */
    public synchronized void refresh() {
        long now = System.nanoTime();
        if (refreshed && now - lastRefresh < MIN_INTERVAL_NANOS) {
            return;
        }
        refreshed = true;
        lastRefresh = now;
        try {
            List<Figure> figures = new ArrayList<>();
            for (String business : service.activeBusinesses()) {
                figures.add(new Figure(business, service.badge(business)));
            }
            rate.register(rows(figures, f -> f.badge().responseRate() == null ? Double.NaN : f.badge().responseRate()), true);
            p50.register(rows(figures, f -> f.badge().firstResponseP50Seconds() == null ? Double.NaN
                    : f.badge().firstResponseP50Seconds()), true);
            requests.register(rows(figures, f -> f.badge().requests()), true);
            badge.register(rows(figures, f -> f.badge().earned() ? 1 : 0), true);
        } catch (RuntimeException e) {
            // The other metrics must still be scraped; the figures are tried again next time.
            LOG.warn("responsiveness gauges not refreshed", e);
        }
    }

    private record Figure(String businessId, Report.Badge badge) {}

    private static List<MultiGauge.Row<?>> rows(List<Figure> figures, ToDoubleFunction<Figure> value) {
        List<MultiGauge.Row<?>> out = new ArrayList<>();
        for (Figure f : figures) {
            double v = value.applyAsDouble(f);
            out.add(MultiGauge.Row.of(Tags.of("business", f.businessId()), () -> v));
        }
        return out;
    }
}
