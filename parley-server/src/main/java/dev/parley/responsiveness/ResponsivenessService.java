package dev.parley.responsiveness;

import dev.parley.account.Account;
import dev.parley.account.AccountStore;
import dev.parley.automation.AutomationSettings;
import dev.parley.automation.AutomationStore;
import dev.parley.http.ApiException;
import dev.parley.http.ClientTime;
import dev.parley.satisfaction.Rating;
import dev.parley.satisfaction.SatisfactionStore;
import dev.parley.store.Database;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A business's response figures over a period, as a report, as CSV, and for the live gauges.
 * Figures are worked out when asked, from the messages and the inbox's status log, so they always
 * agree with the conversations (a conversation marked spam later leaves the figures at once).
 */
public final class ResponsivenessService {
    public static final Duration MAX_PERIOD = Duration.ofDays(366);
    private static final Duration DEFAULT_PERIOD = Duration.ofDays(7);

    private final ResponsivenessStore store;
    private final AutomationStore automation;
    private final AccountStore accounts;
    private final SatisfactionStore ratings;
    private final Clock clock;

    public ResponsivenessService(Database db, AutomationStore automation, AccountStore accounts,
                                 SatisfactionStore ratings, Clock clock) {
        this.store = new ResponsivenessStore(db);
        this.ratings = ratings;
        this.automation = automation;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** A period asked for: both ends known, in order, not too long. */
    public record Period(Instant from, Instant to) {}

    /** The figures for {@code [from, to)}; see {@link #period} for what the parameters accept. */
    public Report report(String businessId, Optional<String> from, Optional<String> to) {
        Clocked c = clocked(businessId);
        Period p = period(from, to, c.zone(), c.now());
        List<CustomerRequest> requests = requests(businessId, c, p.from());
        Map<String, String> agents = store.agents(businessId);
        List<Rating> rated = ratings.rated(businessId, p.from(), p.to());
        Map<String, String> names = formerNames(java.util.stream.Stream.concat(
                requests.stream().flatMap(r -> java.util.stream.Stream.of(r.ownerId(), r.resolverId())),
                rated.stream().map(Rating::agentId)).toList(), agents);
        return Responsiveness.report(businessId, p.from(), p.to(), c.zone(), c.businessHours(), requests, agents,
                names, Ratings.summary(rated, agents, names), c.now());
    }

    /** The badge's figures now: what the live gauges show. */
    public Report.Badge badge(String businessId) {
        Clocked c = clocked(businessId);
        return Responsiveness.badge(requests(businessId, c, c.now()), c.now());
    }

    /** Businesses whose inbox was active during the badge's window. */
    public List<String> activeBusinesses() {
        return store.activeBusinesses(clock.instant().minus(Responsiveness.BADGE_WINDOW));
    }

    /**
     * Every request started in the period, one CSV row each, spam and blocked ones included and
     * marked (the report leaves them out): what a business checks the figures against.
     */
    public String csv(String businessId, Optional<String> from, Optional<String> to) {
        Clocked c = clocked(businessId);
        Period p = period(from, to, c.zone(), c.now());
        StringBuilder out = new StringBuilder("conversation_id,customer_id,started_at,outcome,first_response_at,"
                + "responder_id,first_response_seconds,resolved_at,resolver_id,resolution_seconds,complaint,excluded,"
                + "rating,rating_comment\r\n");
        List<CustomerRequest> all = requests(businessId, c, p.from());
        Map<CustomerRequest, Rating> rated = ratedRequests(all, ratings.answeredSince(businessId, p.from()));
        all.stream()
                .filter(r -> !r.startedAt().isBefore(p.from()) && r.startedAt().isBefore(p.to()))
                .sorted(Comparator.comparing(CustomerRequest::startedAt).thenComparing(CustomerRequest::conversationId))
                .forEach(r -> out.append(String.join(",", List.of(r.conversationId(), r.customerId(),
                        r.startedAt().toString(), lower(r.outcome()), text(r.firstResponseAt()), text(r.responderId()),
                        seconds(r.responseTime()), text(r.resolvedAt()), text(r.resolverId()),
                        seconds(r.resolutionTime()), String.valueOf(r.complaint()), lower(r.excluded()),
                        Optional.ofNullable(rated.get(r)).map(x -> String.valueOf(x.score())).orElse(""),
                        Optional.ofNullable(rated.get(r)).map(x -> quoted(x.comment())).orElse(""))))
                        .append("\r\n"));
        return out.toString();
    }

    /** Each answer belongs to the request it asked about: the latest one started at or before the message it names. */
    private static Map<CustomerRequest, Rating> ratedRequests(List<CustomerRequest> requests, List<Rating> answers) {
        Map<CustomerRequest, Rating> out = new HashMap<>();
        for (Rating a : answers) {
            requests.stream().filter(r -> r.conversationId().equals(a.conversationId()) && r.startSeq() <= a.requestSeq())
                    .max(Comparator.comparingLong(CustomerRequest::startSeq)).ifPresent(r -> out.put(r, a));
        }
        return out;
    }

    /** A customer's words in a CSV cell: always quoted, and never read as a formula by a spreadsheet. */
    private static String quoted(String s) {
        if (s == null) {
            return "";
        }
        String safe = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        return "\"" + safe.replace("\"", "\"\"") + "\"";
    }

    /** The business's clock: its time zone, and the hours that count (all, when it set none). */
    private record Clocked(ZoneId zone, OpenHours hours, boolean businessHours, Instant now) {}

    private Clocked clocked(String businessId) {
        AutomationSettings.Away away = automation.settings(businessId).awayMessage();
        boolean set = away.hours() != null && away.hours().values().stream().anyMatch(spans -> !spans.isEmpty());
        var hours = AutomationSettings.hours(away);
        return new Clocked(hours.zone(), set ? OpenHours.of(hours) : OpenHours.ALWAYS, set, clock.instant());
    }

    /** Requests that may start at or after {@code from}, or in the badge's window. */
    private List<CustomerRequest> requests(String businessId, Clocked c, Instant from) {
        Instant badgeFrom = c.now().minus(Responsiveness.BADGE_WINDOW);
        Instant since = from.isBefore(badgeFrom) ? from : badgeFrom;
        return store.timelines(businessId, since).stream().flatMap(t -> t.requests(c.hours(), c.now()).stream()).toList();
    }

    private Map<String, String> formerNames(List<String> people, Map<String, String> agents) {
        List<String> former = people.stream().filter(Objects::nonNull).filter(id -> !agents.containsKey(id)).distinct().toList();
        if (former.isEmpty()) {
            return Map.of();
        }
        return accounts.byIds(former).stream().collect(Collectors.toMap(Account::id, Account::displayName, (a, b) -> a,
                HashMap::new));
    }

    /**
     * {@code from} and {@code to} are dates (2026-11-16, on the business's clock; {@code to} takes
     * in its whole day) or instants (2026-11-16T09:00:00Z; {@code to} excluded). Left out: the
     * 7 days before now.
     */
    static Period period(Optional<String> from, Optional<String> to, ZoneId zone, Instant now) {
        Instant end = to.map(s -> instant(s, "to", zone, true)).orElse(now);
        Instant start = from.map(s -> instant(s, "from", zone, false)).orElse(end.minus(DEFAULT_PERIOD));
        if (!start.isBefore(end)) {
            throw ApiException.badRequest("'from' must be before 'to'.");
        }
        if (Duration.between(start, end).compareTo(MAX_PERIOD) > 0) {
            throw ApiException.badRequest("A period is at most " + MAX_PERIOD.toDays() + " days.");
        }
        return new Period(start, end);
    }

    private static Instant instant(String s, String name, ZoneId zone, boolean endOfDay) {
        try {
            if (s.length() == 10) {
                LocalDate d = ClientTime.check(name, LocalDate.parse(s));
                return (endOfDay ? d.plusDays(1) : d).atStartOfDay(zone).toInstant();
            }
            return ClientTime.check(name, Instant.parse(s));
        } catch (DateTimeException e) { // a DateTimeParseException too
            throw ApiException.badRequest("'" + name + "' is a date like 2026-11-16 or an instant like "
                    + "2026-11-16T09:00:00Z, not '" + s + "'.");
        }
    }

    private static String text(Object o) {
        return o == null ? "" : o.toString();
    }

    private static String seconds(Duration d) {
        return d == null ? "" : String.valueOf(d.toMillis() / 1000.0);
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT);
    }
}
