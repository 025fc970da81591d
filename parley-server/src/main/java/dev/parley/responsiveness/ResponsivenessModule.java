package dev.parley.responsiveness;

import dev.parley.account.AccountStore;
import dev.parley.automation.AutomationStore;
import dev.parley.http.Acting;
import dev.parley.http.Authenticator;
import dev.parley.http.Routes;
import dev.parley.satisfaction.SatisfactionStore;
import dev.parley.store.Database;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * How quickly businesses answer, wired: the figures behind the badge, and the gauges that
 * publish them as metrics.
 *
 * @param service each business's response times and open hours
 * @param gauges  the figures as metrics, refreshed when they are scraped; only with
 *                metrics.per_business on, since they show each business's responsiveness, which
 *                the API keeps private to that business
 */
public record ResponsivenessModule(ResponsivenessService service, Optional<ResponsivenessGauges> gauges) {
    public static ResponsivenessModule build(Database db, AutomationStore automation, AccountStore accounts,
                                             SatisfactionStore ratings, MeterRegistry metrics,
                                             boolean perBusinessMetrics, Clock clock) {
        ResponsivenessService service = new ResponsivenessService(db, automation, accounts, ratings, clock);
        return new ResponsivenessModule(service,
                perBusinessMetrics ? Optional.of(new ResponsivenessGauges(service, metrics)) : Optional.empty());
    }

    /** Runs before each scrape: the gauges are worked out then, not on every send. */
    public void beforeScrape() {
        gauges.ifPresent(ResponsivenessGauges::refresh);
    }

    public List<Routes> routes(Authenticator auth, Acting acting) {
        return List.of(new ResponsivenessRoutes(auth, acting, service));
    }
}
