package dev.parley.account;

import dev.parley.text.AccentFold;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The owner of {@code account_terms}, what people search reads: every suffix of an account's
 * lower-cased handle and display name, so each tier of the ranking (exact handle, handle prefix,
 * name word prefix, substring) is a prefix of some stored term, and one range scan of one btree
 * index finds them all on SQLite and PostgreSQL alike (no trigram extension needed). An account
 * has at most 30 + 64 terms. Every writer of a handle or display name calls {@link #write} in its
 * own transaction; an erasure calls {@link #forget}.
 */
public final class AccountTerms {
    static final String HANDLE = "h";
    static final String NAME = "n";
    private static final String DELETE = "DELETE FROM account_terms WHERE account_id = ?";
    private static final String INSERT = "INSERT INTO account_terms (network, term, account_id, kind, pos, word) "
            + "VALUES (?, ?, ?, ?, ?, ?)";

    private AccountTerms() {}

    /** One searchable suffix. */
    record Term(String term, String kind, int pos, boolean word) {}

    /** The terms of a handle and a display name, each suffix once per kind. */
    static List<Term> of(String handle, String displayName) {
        Map<String, Term> out = new LinkedHashMap<>();
        suffixes(fold(handle), HANDLE, out);
        suffixes(fold(displayName), NAME, out);
        return List.copyOf(out.values());
    }

    /**
     * How both a stored term and a query are compared: lower case, spaces collapsed, accents folded
     * ("alvarez" finds "Inés Álvarez"), as message search compares words.
     */
    static String fold(String s) {
        return s == null ? "" : AccentFold.fold(s.strip()).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }

    private static void suffixes(String s, String kind, Map<String, Term> out) {
        for (int i = 0; i < s.length(); i = s.offsetByCodePoints(i, 1)) {
            if (Character.isWhitespace(s.charAt(i))) {
                continue;
            }
            boolean word = i == 0 || !Character.isLetterOrDigit(s.codePointBefore(i));
            String t = s.substring(i);
            out.merge(kind + t, new Term(t, kind, i, word), (a, b) -> a.word() ? a : b);
        }
    }

    /** Replaces the account's terms (after a sign-up, a rename, an app's update of its user). */
    public static void write(Handle h, String accountId, String network, String handle, String displayName) {
        h.execute(DELETE, accountId);
        PreparedBatch batch = h.prepareBatch(INSERT);
        for (Term t : of(handle, displayName)) {
            batch.add(network, t.term(), accountId, t.kind(), t.pos(), t.word() ? 1 : 0);
        }
        batch.execute();
    }

    /** The account can no longer be found (erased). */
    public static void forget(Handle h, String accountId) {
        h.execute(DELETE, accountId);
    }
}
