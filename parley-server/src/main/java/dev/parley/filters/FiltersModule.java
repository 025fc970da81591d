package dev.parley.filters;

import dev.parley.config.Keys;
import dev.parley.config.Settings;
import dev.parley.http.Authenticator;
import dev.parley.http.Routes;
import dev.parley.lifecycle.Lifecycle;
import dev.parley.lifecycle.Threads;
import dev.parley.store.Database;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The node's filters, wired: built before the messages (whose sends they screen), with one
 * background thread that opens the reports of flagged messages off the sending path.
 */
public record FiltersModule(NodeFilters filters) {
    /** @param flag opens a report by the system: (message id, note) */
    public static FiltersModule build(Database db, Settings settings, BiConsumer<String, String> flag, Clock clock,
                                      Lifecycle life) {
        ExecutorService reports = Executors.newSingleThreadExecutor(Threads.daemon("parley-filter-reports"));
        life.own("filter reports", () -> {
            reports.shutdown();
            reports.awaitTermination(5, TimeUnit.SECONDS);
        });
        return new FiltersModule(new NodeFilters(db, flag, reports, clock, settings.get(Keys.FILTERS_RECHECK),
                settings.get(Keys.FILTERS_REGEX_STEPS)));
    }

    /** {@code /api/v1/admin/filters} for administrators. */
    public Routes routes(Authenticator auth) {
        return new FilterRoutes(auth, filters);
    }
}
