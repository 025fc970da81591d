package dev.parley.moderation;

import dev.parley.account.Account;
import dev.parley.account.AccountStore;
import dev.parley.http.ApiException;
import dev.parley.store.Database;
import dev.parley.store.Ids;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Appeals: an account a moderator acted on (a notice told it so) may send the moderators one
 * message about it. It stays open, one at a time, until a moderator next acts on the account or
 * dismisses it; the moderators read the open ones with the account's latest notice.
 */
final class Appeals {
    static final int MAX_TEXT = 2_000;
    private static final String OPEN = "open";

    private static final String INSERT = "INSERT INTO moderation_appeals (id, account_id, text, status, created_at) "
            + "VALUES (?, ?, ?, 'open', ?)";
    private static final String OPEN_OF = "SELECT id, created_at FROM moderation_appeals WHERE account_id = ? AND status = 'open'";
    private static final String ALL_OPEN = "SELECT id, account_id, text, created_at FROM moderation_appeals "
            + "WHERE status = 'open' ORDER BY created_at DESC, id DESC LIMIT ?";
    private static final String CLOSE = "UPDATE moderation_appeals SET status = 'reviewed', reviewed_at = ? "
            + "WHERE account_id = ? AND status = 'open'";

    /** What the appellant sees of its appeal. */
    record Mine(String id, String status, Instant createdAt) {}

    /** What moderators see: the account, its message, and what it appeals (its latest notice). */
    record Open(String id, Map<String, Object> account, String text, Instant createdAt, ModerationStore.Notice notice) {}

    private final Database db;
    private final ModerationStore store;
    private final AccountStore accounts;
    private final Clock clock;

    Appeals(Database db, ModerationStore store, AccountStore accounts, Clock clock) {
        this.db = db;
        this.store = store;
        this.accounts = accounts;
        this.clock = clock;
    }

    Mine appeal(String accountId, String text) {
        if (text == null || text.isBlank() || text.strip().length() > MAX_TEXT) {
            throw ApiException.validation("An appeal is a 'text' of 1 to " + MAX_TEXT + " characters.");
        }
        Instant now = clock.instant();
        String id = Ids.next('p');
        return db.write(h -> {
            if (store.notices(h, accountId).isEmpty()) {
                throw new ApiException(409, "nothing_to_appeal", "Nothing to appeal",
                        "No moderator has acted on your account.", Map.of());
            }
            if (open(h, accountId).isPresent()) {
                throw new ApiException(409, "appeal_open", "Appeal already sent",
                        "Your appeal is with the moderators; you can send another once they have looked at it.", Map.of());
            }
            h.execute(INSERT, id, accountId, text.strip(), now.toEpochMilli());
            return new Mine(id, OPEN, now);
        });
    }

    Optional<Mine> open(Handle h, String accountId) {
        return h.createQuery(OPEN_OF).bind(0, accountId).map((rs, c) -> new Mine(rs.getString("id"), OPEN,
                Instant.ofEpochMilli(rs.getLong("created_at")))).findFirst();
    }

    List<Open> openOnes(int limit) {
        record Row(String id, String accountId, String text, Instant at) {}
        return db.read(h -> {
            List<Row> rows = h.createQuery(ALL_OPEN).bind(0, limit).map((rs, c) -> new Row(rs.getString("id"),
                    rs.getString("account_id"), rs.getString("text"), Instant.ofEpochMilli(rs.getLong("created_at")))).list();
            Map<String, Account> people = accounts.byIds(rows.stream().map(Row::accountId).collect(Collectors.toSet()))
                    .stream().collect(Collectors.toMap(Account::id, Function.identity()));
            return rows.stream().map(r -> new Open(r.id(), people.containsKey(r.accountId())
                    ? Reports.accountSummary(people.get(r.accountId())) : Map.of("id", r.accountId()), r.text(), r.at(),
                    store.notices(h, r.accountId()).stream().findFirst().orElse(null))).toList();
        });
    }

    /** A moderator acted on the account (or dismissed it): its open appeal has been looked at. */
    static void close(Handle h, String accountId, Instant now) {
        h.execute(CLOSE, now.toEpochMilli(), accountId);
    }
}
