package dev.parley.account;

import dev.parley.http.ApiException;
import dev.parley.http.Page;
import dev.parley.store.Database;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/v1/accounts?q=}: people found by handle or name as one types, ranked exact
 * handle, handle prefix, name word prefix, then any other substring; within a rank the people the
 * caller follows first, then by handle. Only the caller's network; never the caller, a suspended
 * or erased account, an account the caller blocked, or one that blocked the caller (neither side
 * of a block can find the other, so a search never tells someone they were blocked).
 *
 * @implNote One range scan of {@code account_terms (network, term)} (see {@link AccountTerms});
 * a query of one character matches only the start of a handle or of a name's word, so it never
 * walks every suffix of a network. Pages are keyset on (rank, followed, handle, id).
 */
public final class PeopleSearch {
    /** Longer than any handle (30) or name (64): nothing could match. */
    private static final int MAX_QUERY = 64;
    private static final String END = new String(Character.toChars(Character.MAX_CODE_POINT));
    private static final String SEARCH = "SELECT * FROM (SELECT a.id, a.handle, a.display_name, a.kind, a.verified, "
            + "r.rnk, CASE WHEN f.follower_id IS NULL THEN 1 ELSE 0 END AS unf FROM ("
            + "SELECT t.account_id, MIN(CASE WHEN t.kind = 'h' AND t.pos = 0 AND t.term = :q THEN 0 "
            + "WHEN t.kind = 'h' AND t.pos = 0 THEN 1 WHEN t.kind = 'n' AND t.word = 1 THEN 2 ELSE 3 END) AS rnk "
            + "FROM account_terms t WHERE t.network = :network AND t.term >= :q AND t.term < :q_end "
            + "AND (:any_pos = 1 OR t.pos = 0 OR t.word = 1) GROUP BY t.account_id) r "
            + "JOIN accounts a ON a.id = r.account_id "
            + "LEFT JOIN follows f ON f.follower_id = :me AND f.followee_id = a.id "
            + "WHERE a.id <> :me AND a.erased_at IS NULL AND NOT a.suspended "
            + "AND (a.suspended_until IS NULL OR a.suspended_until <= :now) "
            + "AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = :me AND b.blocked_id = a.id) "
            + "AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = a.id AND b.blocked_id = :me)) x "
            + "WHERE (x.rnk > :c_rnk OR (x.rnk = :c_rnk AND (x.unf > :c_unf OR (x.unf = :c_unf "
            + "AND (x.handle > :c_handle OR (x.handle = :c_handle AND x.id > :c_id)))))) "
            + "ORDER BY x.rnk, x.unf, x.handle, x.id LIMIT :limit";
    private static final String UNINDEXED = "SELECT a.id, a.network, a.handle, a.display_name FROM accounts a "
            + "WHERE a.erased_at IS NULL AND NOT EXISTS (SELECT 1 FROM account_terms t WHERE t.account_id = a.id) "
            + "LIMIT 500";

    private final Database db;
    private final Clock clock;

    public PeopleSearch(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** One person found; {@code avatarUrl} and {@code youFollow} as on a profile. */
    public record Found(String id, String handle, String displayName, String kind, boolean verified,
                        boolean youFollow, String avatarUrl) {
        Found withAvatar(String url) {
            return new Found(id, handle, displayName, kind, verified, youFollow, url);
        }
    }

    private record Row(Found found, int rank, int unfollowed) {}

    private record Cursor(int rank, int unfollowed, String handle, String id) {
        static final Cursor START = new Cursor(-1, 0, "", "");
    }

    /** A page of people matching {@code q} for the caller, in its network. */
    public Page<Found> search(Account caller, String rawQuery, Optional<String> cursor, int limit) {
        String q = AccountTerms.fold(rawQuery == null ? "" : rawQuery.strip().replaceFirst("^@", ""));
        if (q.isEmpty()) {
            throw ApiException.validation("Field 'q' needs at least one letter or digit.");
        }
        if (q.codePointCount(0, q.length()) > MAX_QUERY) {
            return new Page<>(List.of(), null);
        }
        Cursor from = cursor.map(PeopleSearch::decode).orElse(Cursor.START);
        List<Row> rows = db.read(h -> h.createQuery(SEARCH)
                .bind("q", q).bind("q_end", q + END).bind("network", caller.network())
                .bind("any_pos", q.codePointCount(0, q.length()) > 1 ? 1 : 0)
                .bind("me", caller.id()).bind("now", clock.millis())
                .bind("c_rnk", from.rank()).bind("c_unf", from.unfollowed())
                .bind("c_handle", from.handle()).bind("c_id", from.id())
                .bind("limit", limit + 1)
                .map((rs, c) -> new Row(new Found(rs.getString("id"), rs.getString("handle"),
                        rs.getString("display_name"), rs.getString("kind"), rs.getBoolean("verified"),
                        rs.getInt("unf") == 0, null), rs.getInt("rnk"), rs.getInt("unf")))
                .list());
        boolean more = rows.size() > limit;
        List<Row> page = more ? rows.subList(0, limit) : rows;
        String next = more ? encode(page.get(page.size() - 1)) : null;
        return new Page<>(page.stream().map(Row::found).toList(), next);
    }

    /**
     * Writes the terms of accounts that have none (made before people search existed), 500 at a
     * time; run once at start. Two nodes doing it at once only write a few terms twice, which the
     * search's grouping absorbs.
     */
    public int indexMissing() {
        int total = 0;
        while (true) {
            int n = db.write(h -> {
                var rows = h.createQuery(UNINDEXED).map((rs, c) -> new String[] {rs.getString(1), rs.getString(2),
                        rs.getString(3), rs.getString(4)}).list();
                rows.forEach(r -> AccountTerms.write(h, r[0], r[1], r[2], r[3]));
                return rows.size();
            });
            total += n;
            if (n < 500) {
                return total;
            }
        }
    }

    private static String encode(Row r) {
        String raw = r.rank() + ":" + r.unfollowed() + ":" + r.found().handle() + ":" + r.found().id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static Cursor decode(String cursor) {
        try {
            String[] p = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":", 4);
            return new Cursor(Integer.parseInt(p[0]), Integer.parseInt(p[1]), p[2], p[3]);
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw ApiException.badRequest("'cursor' is not one this server gave out.");
        }
    }
}
